// Allocation of uid/gid numbers, process ids and reseller/client ids from the counters in
// ou=counters. Each number comes from one atomic operation (modify-increment with a post-read
// control), so two clients can never get the same one; there is no read-then-write.
// uid/gid numbers also skip values already used by an entry (imported data, hand-made
// entries) and stop at the counter's maximum.
#pragma once

#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

namespace Isp::Core {

enum class IdCounter { Uid, Gid, Pid, Reseller, Client };

OpResult<qint64> allocateId(DirectorySession &session, IdCounter counter);

} // namespace Isp::Core
