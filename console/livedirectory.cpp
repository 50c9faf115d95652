#include "console/livedirectory.h"

#include "core/ldap/ldapfilter.h"

#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcLive, "isp.console.live")

namespace Isp::Console {

using namespace Isp::Core;

namespace {
constexpr int kPageSize = 1000;
constexpr int kFirstPageSize = 100; // what fills a screen
constexpr int kLoaders = 3;         // levels loading at once
const QString kEntryUuid = QStringLiteral("entryUUID");
} // namespace

LiveDirectory::~LiveDirectory() = default;

LiveDirectory::LiveDirectory(LdapConnection *connection, const LdapDn &base, QObject *parent)
    : QObject(parent), m_connection(connection), m_base(base), m_consumer(connection)
{
    LdapSearchRequest request;
    request.base = base;
    request.scope = LdapScope::Subtree;
    request.filter = LdapFilter::present(QStringLiteral("objectClass"));
    m_consumer.setRequest(request);
    m_consumer.setMode(LdapSyncConsumer::Mode::RefreshAndPersist);
    connect(&m_consumer, &LdapSyncConsumer::changed, this, &LiveDirectory::onSync);
    connect(&m_consumer, &LdapSyncConsumer::refreshDone, this, [this] {
        if (!m_live) {
            m_live = true;
            Q_EMIT liveChanged(true);
        }
    });
    connect(&m_consumer, &LdapSyncConsumer::cookieChanged, this, &LiveDirectory::cookieChanged);
    connect(&m_consumer, &LdapSyncConsumer::errorOccurred, this, &LiveDirectory::errorOccurred);
    connect(m_connection, &LdapConnection::connectionLost, this, [this] {
        if (m_live) {
            m_live = false;
            Q_EMIT liveChanged(false);
        }
    });
}

QByteArray LiveDirectory::uuidFromText(const QString &text)
{
    const QUuid uuid = QUuid::fromString(text);
    return uuid.isNull() ? QByteArray() : uuid.toRfc4122();
}

void LiveDirectory::start()
{
    // Follow from "now": the suffix's contextCSN as the cookie, so the server sends only what
    // changes from here on instead of the whole directory.
    LdapSearchRequest request;
    request.base = m_base;
    request.scope = LdapScope::Base;
    request.filter = LdapFilter::present(QStringLiteral("objectClass"));
    request.attributes = {QStringLiteral("contextCSN")};
    m_connection->search(request, this, [this](Result<LdapSearchResult> result) {
        QByteArray cookie;
        if (result.ok() && !result->entries.isEmpty()) {
            const QList<QByteArray> csns = result->entries.first().values(QStringLiteral("contextCSN"));
            if (!csns.isEmpty())
                cookie = "rid=000,csn=" + csns.join(';');
        } else if (!result.ok()) {
            Q_EMIT errorOccurred(result.error());
        }
        startSubscription(cookie);
    });
}

void LiveDirectory::startSubscription(const QByteArray &cookie)
{
    m_consumer.setCookie(cookie);
    m_consumer.start();
}

bool LiveDirectory::hasCaughtUp(const QList<QByteArray> &contextCsns) const
{
    return LdapSyncConsumer::cookieCovers(m_consumer.cookie(), contextCsns);
}

LiveDirectory::LevelState LiveDirectory::levelState(const LdapDn &parent) const
{
    return m_levels.value(parent.normalized(), LevelState::NotLoaded);
}

bool LiveDirectory::isFollowed(const QString &parentKey) const
{
    return m_levels.value(parentKey, LevelState::NotLoaded) != LevelState::NotLoaded;
}

std::optional<LdapEntry> LiveDirectory::entry(const QByteArray &uuid) const
{
    const auto it = m_entries.constFind(uuid);
    if (it == m_entries.cend())
        return std::nullopt;
    return *it;
}

const LdapEntry *LiveDirectory::find(const QByteArray &uuid) const
{
    const auto it = m_entries.constFind(uuid);
    return it == m_entries.cend() ? nullptr : &*it;
}

std::optional<LdapEntry> LiveDirectory::entry(const LdapDn &dn) const
{
    return entry(uuidOf(dn));
}

QByteArray LiveDirectory::uuidOf(const LdapDn &dn) const
{
    return m_byDn.value(dn.normalized());
}

QList<QByteArray> LiveDirectory::children(const LdapDn &parent) const
{
    return m_children.value(parent.normalized());
}

void LiveDirectory::load(const LdapDn &parent, const QStringList &attributes)
{
    if (levelState(parent) != LevelState::NotLoaded)
        return;
    if (!attributes.isEmpty())
        m_levelAttributes.insert(parent.normalized(), attributes);
    reload(parent);
}

LdapEntry LiveDirectory::trimmed(const LdapEntry &entry) const
{
    const auto it = m_levelAttributes.constFind(entry.dn().parent().normalized());
    if (it == m_levelAttributes.cend())
        return entry;
    LdapEntry slim(entry.dn());
    for (const QString &attr : *it) {
        const QList<QByteArray> values = entry.values(attr);
        if (!values.isEmpty())
            slim.setValues(attr, values);
    }
    return slim;
}

void LiveDirectory::reload(const LdapDn &parent)
{
    const QString key = parent.normalized();
    // Forget what a previous load brought: the new one lists the level again.
    const QList<QByteArray> old = m_children.value(key);
    for (const QByteArray &uuid : old) {
        if (const auto e = entry(uuid)) {
            erase(uuid);
            Q_EMIT entryRemoved(uuid, *e);
        }
    }
    m_levels.insert(key, LevelState::Loading);
    const quint64 generation = ++m_generation;
    m_loadGeneration.insert(key, generation);

    LdapSearchRequest request;
    request.base = parent;
    request.scope = LdapScope::OneLevel;
    request.filter = LdapFilter::present(QStringLiteral("objectClass"));
    request.attributes = m_levelAttributes.value(key, {QStringLiteral("*")}) + QStringList{kEntryUuid};
    request.pageSize = kPageSize;
    request.firstPageSize = kFirstPageSize;
    request.discardEntries = true;
    QPointer<LiveDirectory> self(this);
    request.onPage = [self, key, generation](const QList<LdapEntry> &page) {
        if (!self || self->m_loadGeneration.value(key) != generation)
            return false;
        self->onPage(key, generation, page);
        return true;
    };
    runLoad([this, request, parent, key, generation](LdapConnection *loader, std::function<void()> release) {
        loader->search(request, this, [this, parent, key, generation, release](Result<LdapSearchResult> result) {
            release();
            finishLoad(parent, key, generation, result);
        });
    });
}

void LiveDirectory::runLoad(std::function<void(LdapConnection *, std::function<void()>)> job)
{
    // slapd keeps one paged search per connection: a second one started on the same connection
    // invalidates the first one's cookie. So each level load has a connection of its own, from
    // a few kept for that, and waits when they are all busy.
    Loader *idle = nullptr;
    for (auto &l : m_loaders) {
        if (!l->busy) {
            idle = l.get();
            break;
        }
    }
    if (!idle && int(m_loaders.size()) < kLoaders) {
        auto l = std::make_unique<Loader>();
        l->connection = std::make_unique<LdapConnection>(m_connection->settings());
        l->connection->open();
        idle = l.get();
        m_loaders.push_back(std::move(l));
    }
    if (!idle) {
        m_pendingLoads.push_back(std::move(job));
        return;
    }
    idle->busy = true;
    QPointer<LiveDirectory> self(this);
    job(idle->connection.get(), [self, idle] {
        if (!self)
            return;
        idle->busy = false;
        if (!self->m_pendingLoads.empty()) {
            auto next = std::move(self->m_pendingLoads.front());
            self->m_pendingLoads.pop_front();
            QMetaObject::invokeMethod(self, [self, next = std::move(next)]() mutable {
                if (self)
                    self->runLoad(std::move(next));
            }, Qt::QueuedConnection);
        }
    });
}

void LiveDirectory::finishLoad(const LdapDn &parent, const QString &key, quint64 generation, const Result<LdapSearchResult> &result)
{
    {
        if (m_loadGeneration.value(key) != generation)
            return;
        m_loadGeneration.remove(key);
        if (m_loadGeneration.isEmpty()) {
            // No page is in flight any more: what sync told meanwhile cannot be overtaken.
            m_deleted.clear();
            m_touchedBySync.clear();
        }
        if (!result.ok()) {
            // noSuchObject: an empty level (e.g. a branch not created yet) is still a level.
            if (result.error().code() != LdapCode::NoSuchObject) {
                m_levels.insert(key, LevelState::NotLoaded);
                qCWarning(lcLive) << "loading" << parent.toString() << "failed:" << result.error().toString();
                Q_EMIT levelFailed(parent, result.error());
                return;
            }
        }
        m_levels.insert(key, LevelState::Loaded);
        Q_EMIT levelLoaded(parent);
    }
}

void LiveDirectory::watch(const LdapDn &dn)
{
    const QString key = dn.normalized();
    if (m_watched.contains(key))
        return;
    m_watched.insert(key);
    LdapSearchRequest request;
    request.base = dn;
    request.scope = LdapScope::Base;
    request.filter = LdapFilter::present(QStringLiteral("objectClass"));
    request.attributes = {QStringLiteral("*"), kEntryUuid};
    m_connection->search(request, this, [this, dn](Result<LdapSearchResult> result) {
        if (!result.ok() || result->entries.isEmpty())
            return; // not there (yet): a later add arrives through sync
        onPage(dn.parent().normalized(), 0, result->entries);
    });
}

void LiveDirectory::onPage(const QString &parentKey, quint64, const QList<LdapEntry> &page)
{
    QList<QByteArray> added;
    added.reserve(page.size());
    for (const LdapEntry &e : page) {
        const QByteArray uuid = uuidFromText(e.text(kEntryUuid));
        if (uuid.isEmpty() || m_deleted.contains(uuid) || m_touchedBySync.contains(uuid) || m_entries.contains(uuid))
            continue;
        LdapEntry copy = e;
        copy.removeAttribute(kEntryUuid);
        insert(uuid, copy);
        added << uuid;
        m_consumer.noteKnown(uuid, copy.dn());
    }
    if (!added.isEmpty()) {
        const auto first = m_entries.constFind(added.first());
        Q_EMIT entriesAdded(first->dn().parent(), added);
    }
    Q_UNUSED(parentKey);
}

void LiveDirectory::insert(const QByteArray &uuid, const LdapEntry &entry)
{
    m_entries.insert(uuid, entry);
    m_byDn.insert(entry.dn().normalized(), uuid);
    m_children[entry.dn().parent().normalized()].append(uuid);
}

void LiveDirectory::erase(const QByteArray &uuid)
{
    const auto it = m_entries.find(uuid);
    if (it == m_entries.end())
        return;
    const QString key = it->dn().normalized();
    if (m_byDn.value(key) == uuid)
        m_byDn.remove(key);
    auto &siblings = m_children[it->dn().parent().normalized()];
    siblings.removeOne(uuid);
    m_entries.erase(it);
}

void LiveDirectory::onSync(const LdapSyncEvent &event)
{
    if (!m_loadGeneration.isEmpty()) {
        if (event.type == LdapSyncEvent::Type::Deleted)
            m_deleted.insert(event.uuid);
        else
            m_touchedBySync.insert(event.uuid);
    }
    const auto known = m_entries.constFind(event.uuid);
    if (event.type == LdapSyncEvent::Type::Deleted) {
        if (known == m_entries.cend())
            return;
        const LdapEntry last = *known;
        erase(event.uuid);
        Q_EMIT entryRemoved(event.uuid, last);
        return;
    }
    const LdapDn dn = event.entry.dn().isEmpty() ? event.dn : event.entry.dn();
    const bool followed = isFollowed(dn.parent().normalized()) || m_watched.contains(dn.normalized());
    if (known == m_entries.cend()) {
        if (!followed)
            return;
        insert(event.uuid, trimmed(event.entry));
        Q_EMIT entriesAdded(dn.parent(), {event.uuid});
        return;
    }
    const LdapDn oldDn = known->dn();
    if (oldDn == dn) {
        m_entries.insert(event.uuid, trimmed(event.entry));
        Q_EMIT entryChanged(event.uuid);
        return;
    }
    // Renamed or moved.
    const LdapEntry last = *known;
    erase(event.uuid);
    if (!followed) {
        Q_EMIT entryRemoved(event.uuid, last);
        return;
    }
    insert(event.uuid, trimmed(event.entry));
    Q_EMIT entryMoved(event.uuid, oldDn);
}

} // namespace Isp::Console
