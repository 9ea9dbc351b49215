// PhaseLens model — AppState fields as data (state_fields.h).
#include "model/state_fields.h"

#include "model/app_state.h"

namespace phaselens::model {

const char* fieldName(Field field) {
    switch (field) {
#define PHASELENS_FIELD_NAME(id, path) \
    case Field::id:                    \
        return #path;
        PHASELENS_STATE_FIELDS(PHASELENS_FIELD_NAME)
#undef PHASELENS_FIELD_NAME
        case Field::Count:
            break;
    }
    return "";
}

bool fieldDiffers(Field field, const AppState& a, const AppState& b) {
    switch (field) {
#define PHASELENS_FIELD_DIFFERS(id, path) \
    case Field::id:                       \
        return !(a.path == b.path);
        PHASELENS_STATE_FIELDS(PHASELENS_FIELD_DIFFERS)
#undef PHASELENS_FIELD_DIFFERS
        case Field::Count:
            break;
    }
    return true;
}

bool fieldsDiffer(const FieldSet& fields, const AppState& a, const AppState& b) {
    for (int i = 0; i < kFieldCount; ++i) {
        const auto f = static_cast<Field>(i);
        if (fields.contains(f) && fieldDiffers(f, a, b)) return true;
    }
    return false;
}

}  // namespace phaselens::model
