#include "models/scenario/distribution_spec.hpp"

#include <cassert>
#include <cmath>

#include "models/scenario/shared_text.hpp"
#include "models/scenario/suggest.hpp"

namespace drill::models::scenario {

namespace {

struct KindDef {
  DistributionKind kind;
  std::string_view name;
  std::vector<std::string> params;
};

const std::vector<KindDef>& kinds() {
  static const std::vector<KindDef> defs = {
      {DistributionKind::constant, "constant", {"value"}},
      {DistributionKind::exponential, "exponential", {"mean"}},
      {DistributionKind::uniform, "uniform", {"min", "max"}},
      {DistributionKind::triangular, "triangular", {"min", "mode", "max"}},
      {DistributionKind::normal, "normal", {"mean", "sd"}},
      {DistributionKind::lognormal, "lognormal", {"mean", "sd"}},
      {DistributionKind::weibull, "weibull", {"shape", "scale"}},
  };
  return defs;
}

std::string signature(const KindDef& k) {
  std::string out{k.name};
  out += '(';
  for (std::size_t i = 0; i < k.params.size(); ++i) {
    if (i > 0) out += ", ";
    out += k.params[i] + ": ..";
  }
  return out + ')';
}

// Range rules of each kind; returns an error message or "".
std::string check_ranges(const DistributionSpec& d) {
  auto p = [&](std::string_view n) { return d.param(n); };
  switch (d.kind) {
    case DistributionKind::constant:
      return p("value") >= 0 ? "" : "constant value must not be negative";
    case DistributionKind::exponential:
      return p("mean") > 0 ? "" : "exponential mean must be positive";
    case DistributionKind::uniform:
      if (p("min") < 0) return "uniform min must not be negative";
      return p("min") <= p("max") ? "" : "uniform min must not exceed max";
    case DistributionKind::triangular:
      if (p("min") < 0) return "triangular min must not be negative";
      if (!(p("min") < p("max"))) return "triangular min must be less than max";
      if (p("mode") < p("min") || p("mode") > p("max")) return "triangular mode must lie in [min, max]";
      return "";
    case DistributionKind::normal:
      if (p("mean") < 0) return "normal mean must not be negative";
      return p("sd") >= 0 ? "" : "normal sd must not be negative";
    case DistributionKind::lognormal:
      if (!(p("mean") > 0)) return "lognormal mean must be positive";
      return p("sd") > 0 ? "" : "lognormal sd must be positive";
    case DistributionKind::weibull:
      if (!(p("shape") > 0)) return "weibull shape must be positive";
      return p("scale") > 0 ? "" : "weibull scale must be positive";
  }
  return "";
}

}  // namespace

std::string_view to_string(DistributionKind k) {
  for (const KindDef& d : kinds()) {
    if (d.kind == k) return d.name;
  }
  return "unknown";
}

DistributionSpec DistributionSpec::constant(double value, Dimension dim) {
  return DistributionSpec{DistributionKind::constant, dim, {{"value", value}}};
}

double DistributionSpec::param(std::string_view name) const {
  for (const DistributionParam& p : params) {
    if (p.name == name) return p.value;
  }
  assert(false && "DistributionSpec::param: the parameter belongs to the kind");
  return 0.0;
}

double DistributionSpec::mean() const {
  switch (kind) {
    case DistributionKind::constant: return param("value");
    case DistributionKind::exponential:
    case DistributionKind::normal:
    case DistributionKind::lognormal: return param("mean");
    case DistributionKind::uniform: return (param("min") + param("max")) / 2.0;
    case DistributionKind::triangular: return (param("min") + param("mode") + param("max")) / 3.0;
    case DistributionKind::weibull: return param("scale") * std::tgamma(1.0 + 1.0 / param("shape"));
  }
  return 0.0;
}

Parsed<DistributionSpec> parse_distribution(std::string_view raw, Dimension dim) {
  const std::string_view text = trim(raw);
  const std::size_t open = text.find('(');
  if (open == std::string_view::npos) {
    auto q = parse_quantity(text, dim);
    if (!q) {
      QuantityError e = q.error();
      if (e.hint.empty()) e.hint = "or write a distribution such as 'exponential(mean: ..)'";
      return e;
    }
    DistributionSpec c = DistributionSpec::constant(*q, dim);
    if (std::string err = check_ranges(c); !err.empty()) return QuantityError{err, ""};
    return c;
  }
  const std::string_view kind_name = trim(text.substr(0, open));
  const KindDef* def = nullptr;
  std::vector<std::string> kind_names;
  for (const KindDef& k : kinds()) {
    if (k.name == kind_name) def = &k;
    kind_names.emplace_back(k.name);
  }
  if (def == nullptr) {
    return QuantityError{"unknown distribution '" + std::string(kind_name) + "'", suggestion_hint(kind_name, kind_names)};
  }
  if (text.back() != ')') {
    return QuantityError{"missing ')' at the end of '" + std::string(text) + "'", "write " + signature(*def)};
  }
  DistributionSpec spec{def->kind, dim, {}};
  std::vector<bool> seen(def->params.size(), false);
  std::vector<double> values(def->params.size(), 0.0);
  std::string_view inner = text.substr(open + 1, text.size() - open - 2);
  while (!trim(inner).empty()) {
    const std::size_t comma = inner.find(',');
    const std::string_view item = trim(inner.substr(0, comma));
    inner = comma == std::string_view::npos ? std::string_view{} : inner.substr(comma + 1);
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) {
      return QuantityError{"expected 'name: value' in " + std::string(def->name) + ", got '" + std::string(item) + "'",
                           "write " + signature(*def)};
    }
    const std::string_view name = trim(item.substr(0, colon));
    const std::string_view value_text = trim(item.substr(colon + 1));
    std::size_t idx = def->params.size();
    for (std::size_t i = 0; i < def->params.size(); ++i) {
      if (def->params[i] == name) idx = i;
    }
    if (idx == def->params.size()) {
      return QuantityError{"unknown parameter '" + std::string(name) + "' for " + std::string(def->name),
                           suggestion_hint(name, def->params)};
    }
    if (seen[idx]) {
      return QuantityError{"parameter '" + std::string(name) + "' given twice", "write " + signature(*def)};
    }
    const Dimension pdim = name == "shape" ? Dimension::number : dim;
    auto v = parse_quantity(value_text, pdim);
    if (!v) {
      return QuantityError{std::string(def->name) + " " + std::string(name) + ": " + v.error().message, v.error().hint};
    }
    seen[idx] = true;
    values[idx] = *v;
  }
  for (std::size_t i = 0; i < def->params.size(); ++i) {
    if (!seen[i]) {
      return QuantityError{"missing parameter '" + def->params[i] + "' for " + std::string(def->name),
                           "write " + signature(*def)};
    }
    spec.params.push_back({def->params[i], values[i]});
  }
  if (std::string err = check_ranges(spec); !err.empty()) {
    return QuantityError{err, "write " + signature(*def)};
  }
  return spec;
}

}  // namespace drill::models::scenario
