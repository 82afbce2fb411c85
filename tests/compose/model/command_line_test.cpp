// Pins how Compose splits string commands: compose-go's transform for
// `command` / `entrypoint` calls go-shellwords' Parse with environment and
// backquote expansion off (mattn/go-shellwords shellwords.go).
#include <doctest/doctest.h>

#include "compose/model/command_line.h"

using imgslim::compose::split_command_line;
using V = std::vector<std::string>;

TEST_CASE("command line: words, quotes and backslashes as go-shellwords splits them") {
  CHECK(split_command_line("node server.js --port 3000").argv == V{"node", "server.js", "--port", "3000"});
  CHECK(split_command_line("  a\t b\n c\r\n").argv == V{"a", "b", "c"});
  CHECK(split_command_line(R"(sh -c "echo 'hi there'")").argv == V{"sh", "-c", "echo 'hi there'"});
  CHECK(split_command_line(R"(echo 'a "b" c')").argv == V{"echo", R"(a "b" c)"});
  CHECK(split_command_line(R"(a\ b c)").argv == V{"a b", "c"});
  // An escaped t or n becomes a tab or newline, outside single quotes only.
  CHECK(split_command_line(R"(x\ty "p\nq" 'r\ns')").argv == V{"x\ty", "p\nq", R"(r\ns)"});
  CHECK(split_command_line(R"(printf "" x)").argv == V{"printf", "", "x"});  // an empty quoted word stays
  CHECK(split_command_line("echo $HOME ${X}").argv == V{"echo", "$HOME", "${X}"});  // no expansion
  CHECK(split_command_line("echo $(date +%s) done").argv == V{"echo", "$(date +%s)", "done"});
  CHECK(split_command_line("echo `date` x").argv == V{"echo", "`date`", "x"});
}

TEST_CASE("command line: # is an ordinary character, so comments become arguments") {
  auto cl = split_command_line("postgres -c shared_buffers=128MB # 25% of 512MB\n -c work_mem=2MB");
  CHECK(cl.argv == V{"postgres", "-c", "shared_buffers=128MB", "#", "25%", "of", "512MB", "-c", "work_mem=2MB"});
  CHECK(cl.comment_words == std::vector<std::size_t>{3});
  CHECK_FALSE(cl.invalid);
  // Quoted or inside a word it is not comment text.
  CHECK(split_command_line("echo '#x' a#b").comment_words.empty());
}

TEST_CASE("command line: an unquoted semicolon, ampersand, pipe or redirection ends the list, the rest is dropped") {
  auto cl = split_command_line("npm run migrate && node server.js");
  CHECK(cl.argv == V{"npm", "run", "migrate"});
  CHECK(cl.dropped == "&& node server.js");
  // Digits right before > go with the redirection.
  cl = split_command_line("node app.js 2>&1");
  CHECK(cl.argv == V{"node", "app.js"});
  CHECK(cl.dropped == "2>&1");
  CHECK(split_command_line("sh -c 'a; b | c'").dropped.empty());
}

TEST_CASE("command line: what Compose refuses as an invalid command line string") {
  for (const char* bad : {"postgres -c log_min_duration_statement=2000 # slow queries (2s+)", "echo )",
                          "echo 'open", "echo \"open", "echo `open", "echo $(open", "trailing\\"}) {
    CAPTURE(bad);
    CHECK(split_command_line(bad).invalid);
  }
  CHECK(split_command_line("echo $(date)").invalid == false);
}
