// ember convert IN.pb.gz OUT.{pb.gz,folded,speedscope.json,svg,html}
#include <iostream>
#include <memory>

#include "commands.h"
#include "ember/profile/pprof.h"
#include "output_files.h"

namespace ember::tools {

CommandRunner add_convert_command(CLI::App& app) {
  auto paths = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* convert = app.add_subcommand("convert", "Convert a pprof file to another format");
  convert->add_option("in", paths->first, "Profile (.pb.gz)")->required();
  convert->add_option("out", paths->second, "Output; the extension picks the format")->required();
  return [paths] {
    auto profile = profile::read_pprof_file(paths->first);
    if (!profile) {
      std::cerr << "ember convert: " << profile.error().message << "\n";
      return 1;
    }
    if (auto written = write_output(*profile, paths->second); !written) {
      std::cerr << "ember convert: " << written.error().message << "\n";
      return 1;
    }
    return 0;
  };
}

}  // namespace ember::tools
