#include "agent/servicereloader.h"

namespace Isp::Agent {

CommandResult ServiceReloader::reload(const QString &key, const QStringList &argv)
{
    std::unique_lock lock(m_mutex);
    State &s = m_states[key];
    const quint64 mine = ++s.requested;
    for (;;) {
        if (s.covered >= mine)
            return s.last; // a run that started after this request finished
        if (!s.running)
            break;
        m_done.wait(lock);
    }
    // Nobody is running: this thread runs for every request so far.
    s.running = true;
    const quint64 upTo = s.requested;
    lock.unlock();
    CommandResult result = m_runner.run(argv);
    lock.lock();
    State &after = m_states[key];
    after.running = false;
    after.covered = upTo;
    after.last = result;
    ++after.runs;
    m_done.notify_all();
    return result;
}

quint64 ServiceReloader::runs(const QString &key) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_states.find(key);
    return it == m_states.end() ? 0 : it->second.runs;
}

} // namespace Isp::Agent
