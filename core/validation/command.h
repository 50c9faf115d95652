// Absolute paths and command lines that ISPMan stores for agents to use (configuration variables
// such as namedReloadCommand or namedConfFile). Agents run as root and execute commands with an
// argument list, never through a shell; these rules make sure a stored value means the same to
// every reader: an absolute program path followed by plain words, no shell metacharacters,
// quoting, globbing or variables that some consumer might expand. Whether the program exists is
// not checked: it must exist on the agents' hosts, not on the machine that stores the value.
// Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>
#include <QStringList>

namespace Isp::Core::Validate {

inline constexpr qsizetype MaxAbsolutePathLength = 1024;
inline constexpr qsizetype MaxCommandLineLength = 1024;

// "/etc/bind/named.conf.ispman": starts with '/', components of [A-Za-z0-9._+-], none empty,
// none "." or "..", none starting with '-'. One trailing '/' is removed (except for "/" itself).
[[nodiscard]] Validated<QString> absolutePath(const QString &field, const QString &value);

// "/usr/sbin/rndc reload": an absolutePath() program, then arguments separated by single spaces,
// each of [A-Za-z0-9._/=:,@%+-] (options such as "-u" are fine). Returned unchanged.
[[nodiscard]] Validated<QString> commandLine(const QString &field, const QString &value);

// The program and its arguments of a value accepted by commandLine().
[[nodiscard]] QStringList commandArguments(const QString &commandLine);

} // namespace Isp::Core::Validate
