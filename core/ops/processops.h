// Operations on queued work, for operators: list (by host, domain, status), show, retry a
// failed process, delete one. `ispman process ...` and the console's ops view use them.
#pragma once

#include "core/model/process.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

namespace Isp::Core::ProcessOps {

struct Filter
{
    QString host;
    QString domain;
    QString status; // new | running | error; empty: all
};

// Sorted by pid.
OpResult<QList<Process>> list(DirectorySession &session, const Filter &filter = {});
OpResult<Process> show(DirectorySession &session, const QString &pid);
// A failed process becomes new again, with its attempts and retry time reset. Only failed ones:
// retrying one an agent is running would run it twice.
OpResult<Process> retry(DirectorySession &session, const QString &pid);
// Refused while an agent runs it (its lease has not expired).
OpResult<Done> remove(DirectorySession &session, const QString &pid);

} // namespace Isp::Core::ProcessOps
