// The completion scripts load in their shells and complete what the parser
// accepts. bash and fish are asked for completions directly; zsh only
// completes in an interactive shell, so one is driven through a pseudo
// terminal (zsh/zpty) and TAB, and the completed command line is read back.
#include <doctest/doctest.h>

#include "tests/cli/cli_test_util.h"

using namespace imgslim::cli::testing;

namespace {

std::string bin_dir() { return std::filesystem::path(IMGSLIM_BINARY).parent_path().string(); }
std::string with_path() { return "PATH=" + bin_dir() + ":" + std::getenv("PATH"); }

// COMPREPLY of the bash completion for the words (the last one is completed).
std::string bash_complete(const std::string& words) {
  auto r = run({"bash", "-c",
                "source <(imgslim completion bash) || exit 3; COMP_WORDS=(" + words +
                    "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _imgslim; echo \"${COMPREPLY[*]}\""},
               {with_path()});
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find('\n'));
}

std::string fish_complete(const std::string& line) {
  auto r = run({"fish", "-c", "source (imgslim completion fish | psub); or exit 3; complete -C '" + line + "'"},
               {with_path()});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err == "");
  return r.out;
}

}  // namespace

TEST_CASE("completion: the bash script loads and registers imgslim") {
  auto r = run({"bash", "-c", "source <(imgslim completion bash) && complete -p imgslim"}, {with_path()});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "complete -o default -F _imgslim imgslim\n");
  CHECK(r.err == "");
}

TEST_CASE("completion: bash completes every subcommand, options, option values and nested commands") {
  std::string subs = bash_complete("imgslim ''");
  for (const auto& name : help_subcommands({})) CHECK_MESSAGE(subs.find(name) != std::string::npos, name);
  CHECK(subs.find("man") == std::string::npos);  // the hidden build-step command
  CHECK(bash_complete("imgslim check --for") == "--format");
  CHECK(bash_complete("imgslim check --format ''") == "text json junit sarif markdown codeclimate");
  CHECK(bash_complete("imgslim lint Dockerfile --failure-threshold w") == "warning");
  CHECK(bash_complete("imgslim compose co") == "config");
  CHECK(bash_complete("imgslim compose -f x.yml config --prof") == "--profile");
  CHECK(bash_complete("imgslim completion ''") == "bash zsh fish");
  // A file argument: nothing offered, so bash falls back to file names.
  CHECK(bash_complete("imgslim check --budget ''") == "");
}

TEST_CASE("completion: every option --help shows is completed by bash, for every subcommand") {
  for (const auto& sub : help_subcommands({})) {
    std::string offered = bash_complete("imgslim " + sub + " -");
    for (const auto& opt : help_options({sub}))
      CHECK_MESSAGE(offered.find(opt) != std::string::npos, (sub + " " + opt));
  }
}

TEST_CASE("completion: fish completes subcommands, options and values") {
  CHECK(run({"fish", "--version"}).exit_code == 0);
  std::string subs = fish_complete("imgslim ");
  for (const auto& name : help_subcommands({})) CHECK_MESSAGE(subs.find(name + "\t") != std::string::npos, name);
  CHECK(fish_complete("imgslim check --for").rfind("--format\t", 0) == 0);
  std::string values = fish_complete("imgslim check --format ");
  for (const char* v : {"text\t", "json\t", "junit\t", "sarif\t", "markdown\t"})
    CHECK_MESSAGE(values.find(v) != std::string::npos, v);
  CHECK(fish_complete("imgslim compose config --pro").rfind("--profile\t", 0) == 0);
}

TEST_CASE("completion: the zsh script parses, registers itself when sourced and autoloads from fpath") {
  std::string dir = scratch("zsh-fpath");
  auto gen = run_imgslim({"completion", "zsh"});
  REQUIRE(gen.exit_code == 0);
  CHECK(gen.out.rfind("#compdef imgslim\n", 0) == 0);
  { std::ofstream(dir + "/_imgslim") << gen.out; }
  auto syntax = run({"zsh", "-n", dir + "/_imgslim"});
  CHECK(syntax.exit_code == 0);
  CHECK(syntax.err == "");
  auto sourced = run({"zsh", "-f", "-c",
                      "autoload -U compinit && compinit -u -D && source <(imgslim completion zsh) && "
                      "print -r -- $_comps[imgslim]"},
                     {with_path()});
  CHECK(sourced.exit_code == 0);
  CHECK(sourced.out == "_imgslim_imgslim\n");
  auto autoloaded = run({"zsh", "-f", "-c",
                         "fpath=(" + dir + " $fpath); autoload -U compinit && compinit -u -D && "
                         "print -r -- $_comps[imgslim]"});
  CHECK(autoloaded.exit_code == 0);
  CHECK(autoloaded.out == "_imgslim\n");
}

TEST_CASE("completion: an unknown shell is a one-line usage error") {
  auto r = run_imgslim({"completion", "tcsh"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("imgslim: completion: ") == 0);
  CHECK(r.out == "");
}

TEST_CASE("completion: zsh completes at TAB in an interactive shell: options, values and nested commands") {
  // Each expect waits (up to 10 s) for the text on the terminal, escape
  // sequences removed.
  const std::string script = R"zsh(
setopt extendedglob
zmodload zsh/zpty
# probe TYPED EXPECTED: a fresh interactive zsh with the completion sourced;
# TYPED and TAB are typed at its prompt, then EXPECTED must show on the
# terminal (escape sequences removed) within 10 s.
probe() {
  local out="" chunk clean
  local -i n=0
  zpty z zsh -f -i
  zpty -w z 'PS1="%% "; autoload -U compinit; compinit -u -D; source <(imgslim completion zsh); echo READY'
  expect() {
    n=0
    while (( n++ < 100 )); do
      while zpty -r -t z chunk; do out+=$chunk; done
      clean=${${out//$'\e'\[[0-9;?]#[a-zA-Z]/}//$'\r'/}
      [[ $clean == *$1* ]] && return 0
      sleep 0.1
    done
    print -r -- "missing: $1"
    print -r -- "$clean"
    return 1
  }
  expect $'\nREADY' || { zpty -d z; return 1 }
  out=""
  zpty -w -n z "$1"$'\t'
  expect "$2" || { zpty -d z; return 1 }
  zpty -d z
}
probe 'imgslim check --form' 'imgslim check --format ' || exit 1
probe 'imgslim check --format ju' 'imgslim check --format junit ' || exit 1
probe 'imgslim compose co' 'imgslim compose config ' || exit 1
probe 'imgslim compose -f x.yml config --prof' 'config --profile ' || exit 1
probe 'imgslim completion f' 'imgslim completion fish ' || exit 1
print ok
)zsh";
  auto r = run({"zsh", "-f", "-c", script}, {with_path()});
  INFO(r.out, r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok\n");
}
