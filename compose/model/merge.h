// Compose's merge rules for several -f files and for `extends`
// (compose-spec "merge"): mappings merge key by key, sequences append,
// command/entrypoint/healthcheck.test are replaced, ports/volumes/secrets/
// configs are unique by their target, list-or-map attributes (environment,
// labels, ...) merge as maps, `!reset` removes and `!override` replaces.
#pragma once
#include "compose/model/interpolation.h"
#include "compose/model/value.h"

namespace imgslim::compose {

// Brings one service definition to the canonical shapes merging expects
// (environment/labels/... as maps, depends_on as a map of conditions,
// dns/env_file/tmpfs as sequences). `env` resolves bare `environment: [KEY]`.
void normalize_service(Value& service, const Environment& env);

// Merges `over` into `base` as the attribute at service level `attribute`
// ("" for a whole document, "services" for the services map, ...).
void merge_document(Value& base, const Value& over);
void merge_service(Value& base, const Value& over);

// compose-go's defaults once a (sub-)project's files are merged: a `build`
// without `context` builds ".".
void set_default_values(Value& services);

// Removes every value tagged !reset that merging left behind (a !reset in
// the first file, or under a key absent from the base).
void drop_reset_values(Value& node);

}  // namespace imgslim::compose
