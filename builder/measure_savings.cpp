#include "builder/measure_savings.h"

namespace imgslim::builder {

std::vector<RuleSaving> rule_savings(const MeasureReport& report) {
  static const std::string prefix = "all-but-";
  const VariantResult* all = nullptr;
  for (const auto& v : report.variants)
    if (v.name == "all" && v.built) all = &v;
  std::vector<RuleSaving> out;
  if (!all) return out;
  for (const auto& v : report.variants)
    if (v.built && v.name.starts_with(prefix) && v.name.size() > prefix.size())
      out.push_back({v.name.substr(prefix.size()),
                     static_cast<std::int64_t>(v.facts.size) - static_cast<std::int64_t>(all->facts.size)});
  return out;
}

}  // namespace imgslim::builder
