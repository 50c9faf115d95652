#include "core/ldap/directorycache.h"

namespace Isp::Core {

DirectoryCache::DirectoryCache(LdapConnection *connection, const LdapSearchRequest &request, QObject *parent)
    : QObject(parent), m_consumer(connection)
{
    m_consumer.setRequest(request);
    connect(&m_consumer, &LdapSyncConsumer::changed, this, &DirectoryCache::apply);
    connect(&m_consumer, &LdapSyncConsumer::refreshDone, this, [this] {
        if (!m_ready) {
            m_ready = true;
            Q_EMIT ready();
        }
    });
    connect(&m_consumer, &LdapSyncConsumer::errorOccurred, this, &DirectoryCache::errorOccurred);
    connect(&m_consumer, &LdapSyncConsumer::cookieChanged, this, &DirectoryCache::cookieChanged);
}

bool DirectoryCache::hasCaughtUp(const QList<QByteArray> &contextCsns) const
{
    return LdapSyncConsumer::cookieCovers(m_consumer.cookie(), contextCsns);
}

void DirectoryCache::start()
{
    // The consumer's known set is the cache's content: a resumed refresh then reports exactly
    // what changed against it.
    QHash<QByteArray, LdapDn> known;
    known.reserve(m_entries.size());
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        known.insert(it.key(), it.value().dn());
    m_consumer.setKnownEntries(known);
    m_consumer.start();
}

void DirectoryCache::stop()
{
    m_consumer.stop();
}

std::optional<LdapEntry> DirectoryCache::entry(const QByteArray &uuid) const
{
    const auto it = m_entries.constFind(uuid);
    if (it == m_entries.cend())
        return std::nullopt;
    return it.value();
}

std::optional<LdapEntry> DirectoryCache::entry(const LdapDn &dn) const
{
    const QByteArray uuid = uuidOf(dn);
    return uuid.isEmpty() ? std::nullopt : entry(uuid);
}

QByteArray DirectoryCache::uuidOf(const LdapDn &dn) const
{
    return m_byDn.value(dn.normalized());
}

QList<QByteArray> DirectoryCache::children(const LdapDn &dn) const
{
    const auto it = m_children.constFind(dn.normalized());
    return it == m_children.cend() ? QList<QByteArray>() : it.value().values();
}

void DirectoryCache::index(const QByteArray &uuid, const LdapDn &dn)
{
    m_byDn.insert(dn.normalized(), uuid);
    m_children[dn.parent().normalized()].insert(uuid);
}

void DirectoryCache::unindex(const QByteArray &uuid, const LdapDn &dn)
{
    const QString key = dn.normalized();
    if (m_byDn.value(key) == uuid)
        m_byDn.remove(key);
    const QString parentKey = dn.parent().normalized();
    auto it = m_children.find(parentKey);
    if (it != m_children.end()) {
        it.value().remove(uuid);
        if (it.value().isEmpty())
            m_children.erase(it);
    }
}

void DirectoryCache::apply(const LdapSyncEvent &event)
{
    if (event.type == LdapSyncEvent::Type::Deleted) {
        const auto it = m_entries.find(event.uuid);
        if (it == m_entries.end())
            return;
        const LdapEntry last = it.value();
        unindex(event.uuid, last.dn());
        m_entries.erase(it);
        Q_EMIT entryRemoved(event.uuid, last);
        return;
    }
    const auto it = m_entries.find(event.uuid);
    if (it == m_entries.end()) {
        m_entries.insert(event.uuid, event.entry);
        index(event.uuid, event.entry.dn());
        Q_EMIT entryAdded(event.uuid);
        return;
    }
    const LdapDn oldDn = it.value().dn();
    it.value() = event.entry;
    if (oldDn == event.entry.dn()) {
        Q_EMIT entryChanged(event.uuid);
        return;
    }
    unindex(event.uuid, oldDn);
    index(event.uuid, event.entry.dn());
    Q_EMIT entryMoved(event.uuid, oldDn);
}

} // namespace Isp::Core
