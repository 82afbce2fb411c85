// imgslim man DIR (hidden): writes imgslim.1 and one page per subcommand into
// DIR, generated from the parser's own definition; the Debian package's
// install step runs it, so the pages always match the binary.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/cli_model.h"
#include "cli/command.h"
#include "cli/man_page.h"
#include "support/atomic_file.h"
#include "support/error.h"
#include "support/version.h"

namespace imgslim::cli {

namespace {

CommandRegistrar reg_man("man", "Write the man pages into a folder", [](CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  app.add_option("DIR", *dir, "folder to write imgslim.1 and imgslim-COMMAND.1 into")->required();
  app.group("");  // hidden: a build step, not a user command
  const CLI::App* self = &app;
  return [dir, self] {
    const CLI::App* root = self;
    while (root->get_parent()) root = root->get_parent();
    CommandDoc doc = describe_cli(*root);
    std::error_code ec;
    std::filesystem::create_directories(*dir, ec);
    if (ec) throw Error(*dir, "cannot create folder: " + ec.message());
    for (const CommandDoc* c : flatten(doc)) {
      write_file_atomically((std::filesystem::path(*dir) / man_page_name(*c)).string(), man_page(*c, version()));
      std::cout << man_page_name(*c) << "\n";
    }
    return 0;
  };
});

}  // namespace

}  // namespace imgslim::cli
