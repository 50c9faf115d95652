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
// `count` distinct numbers (ascending) with as few writes as possible: one increment by
// `count`, more only where numbers in the block were already in use. Bulk operations use it so
// that N new objects cost one counter write, not N.
OpResult<QList<qint64>> allocateIds(DirectorySession &session, IdCounter counter, int count);
// A process id from a block reserved by this session: the first call reserves one id, each
// further block twice as many as the last (up to 256), so a one-off command wastes nothing and
// a long-running session (console, panel, bulk import) touches the pid counter rarely. Ids
// left in a block when the session ends are never used; process ids need only be unique.
OpResult<qint64> nextProcessId(DirectorySession &session);

} // namespace Isp::Core
