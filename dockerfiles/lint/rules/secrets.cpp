// secret-in-env: credentials baked into ENV or ARG.
#include <algorithm>

#include "dockerfiles/lint/rules/rules.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

namespace {

bool secret_name(const std::string& key) {
  std::string k = go_upper(key);
  for (const char* safe : {"_FILE", "_PATH", "_DIR"})
    if (k.size() > std::string(safe).size() && k.compare(k.size() - std::string(safe).size(), std::string::npos, safe) == 0)
      return false;
  for (const char* bad : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY",
                          "CREDENTIAL", "AUTH_KEY"})
    if (k.find(bad) != std::string::npos) return true;
  return false;
}

}  // namespace

void check_secrets(const LintInput& in, Reporter& out) {
  const auto check_arg = [&](const Instruction& ins) {
    if (const ArgInstr* a = ins.as<ArgInstr>())
      for (const ArgDecl& d : a->args)
        if (secret_name(d.key))
          out.add("secret-in-env", ins, "ARG " + d.key + ": build args are kept in the image history",
                  "RUN --mount=type=secret,id=" + go_lower(d.key) + " ... and `docker build --secret id=" + go_lower(d.key) + ",...`");
  };
  for (const Instruction& ins : in.dockerfile.meta_args) check_arg(ins);
  for (const Stage& s : in.dockerfile.stages)
    for (const Instruction& ins : s.instructions) {
      check_arg(ins);
      if (const EnvInstr* e = ins.as<EnvInstr>())
        for (const KeyValue& kv : e->vars)
          if (secret_name(kv.key))
            out.add("secret-in-env", ins, "ENV " + kv.key + ": the value is stored in the image config for anyone to read",
                    "pass it at run time (`docker run -e`, a secrets file) or use RUN --mount=type=secret at build time");
      if (ins.as<MaintainerInstr>())
        out.add("maintainer", ins, "MAINTAINER is deprecated",
                "LABEL org.opencontainers.image.authors=\"" + ins.as<MaintainerInstr>()->name + "\"");
    }
}

}  // namespace imgslim::dockerfiles
