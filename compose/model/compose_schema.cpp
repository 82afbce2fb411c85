#include "compose/model/compose_schema.h"

#include "compose/model/json_schema.h"
#include "support/error.h"

namespace imgslim::compose {

void validate_compose_document(const Value& document) {
  static const JsonSchema schema(compose_schema_text());
  if (auto v = schema.validate(document)) throw Error(v->where.str(), v->str());
}

}  // namespace imgslim::compose
