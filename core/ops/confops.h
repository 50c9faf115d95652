// Configuration variables (ispmanVar=<v>,ispmanModule=<m>,ou=conf): what `ispman conf ...` and
// the console's configuration screen do. Variable names are unique across modules, as in 1.x,
// so a variable is found by its name alone.
//
// Values are checked by a rule per variable where the meaning is clear (numbers, yes/no,
// keyword lists, host names with %%domain%%, absolute paths, commands that agents run without a
// shell, ...), and as single-line free text otherwise. Only existing variables can be set;
// setting needs administrator level 100 (1.x: "save configuration"). A value is replaced only
// if nobody changed it since it was read (assertion on the old value), so two administrators
// never silently overwrite each other.
#pragma once

#include "core/model/tenant.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"
#include "core/validation/validationerror.h"

namespace Isp::Core::ConfOps {

struct ConfChange
{
    ConfVariable variable; // after the change
    QString oldValue;
    QString newValue;
};

// All variables, or those of one module; sorted by module, then name.
// The value of a variable (the namespace is flat across modules, as in ISPMan 1.x), or
// `fallback` when the directory has no such variable.
OpResult<QString> value(DirectorySession &session, const QString &name, const QString &fallback);

OpResult<QList<ConfVariable>> list(DirectorySession &session, const QString &module = {});
OpResult<ConfVariable> get(DirectorySession &session, const QString &name);
OpResult<ConfChange> set(DirectorySession &session, const QString &name, const QString &value);

// The value as it would be stored (normalised), or why it is refused; field = the variable's
// name. Pure: no directory access.
[[nodiscard]] Validated<QString> checkValue(const QString &name, const QString &value);
// A short description of the rule for `name`, e.g. "yes or no", for help texts.
[[nodiscard]] QString ruleDescription(const QString &name);

} // namespace Isp::Core::ConfOps
