#include "console/treemodel.h"

#include <QApplication>
#include <QIcon>
#include <QStyle>

namespace Isp::Console {

using namespace Isp::Core;

struct DirectoryTreeModel::Node
{
    enum class Type { Root, Folder, Entry };
    Type type = Type::Root;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    // Folders
    QString id;
    QString title;
    int order = 0;
    LdapDn lists;        // the level whose entries it shows (empty: fixed subfolders only)
    LdapDn apex;         // DNS folders: the zone entry itself, shown first
    QString domain;      // a domain's folders: their level is computed when first opened
    EntityKind holds = EntityKind::Unknown;
    std::function<bool(const LdapEntry &)> accept;
    bool populated = false;
    bool loading = false;

    // Entries
    QByteArray uuid;
    EntityKind kind = EntityKind::Unknown;

    int row() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this)
                return int(i);
        }
        return -1;
    }
    int rowOf(const QByteArray &u) const
    {
        for (size_t i = 0; i < children.size(); ++i) {
            if (children[i]->type == Type::Entry && children[i]->uuid == u)
                return int(i);
        }
        return -1;
    }
};

namespace {

auto ofKind(EntityKind kind)
{
    return [kind](const LdapEntry &e) { return kindOf(e) == kind; };
}

auto domainOfType(const QString &type)
{
    return [type](const LdapEntry &e) {
        return kindOf(e) == EntityKind::Domain && e.text(QStringLiteral("ispmanDomainType")).compare(type, Qt::CaseInsensitive) == 0;
    };
}

} // namespace

DirectoryTreeModel::DirectoryTreeModel(LiveDirectory *live, const Dit &dit, QObject *parent)
    : QAbstractItemModel(parent), m_live(live), m_dit(dit), m_root(std::make_unique<Node>())
{
    Node *domains = addFolder(m_root.get(), QStringLiteral("domains"), tr("Domains"), {}, EntityKind::Domain, {});
    addFolder(domains, QStringLiteral("primary"), tr("Primary"), dit.base(), EntityKind::Domain, domainOfType(QStringLiteral("primary")));
    addFolder(domains, QStringLiteral("slave"), tr("Slave"), dit.base(), EntityKind::Domain, domainOfType(QStringLiteral("slave")));
    addFolder(domains, QStringLiteral("replica"), tr("Replica"), dit.base(), EntityKind::Domain, domainOfType(QStringLiteral("replica")));
    addFolder(domains, QStringLiteral("nodns"), tr("No DNS"), dit.base(), EntityKind::Domain, domainOfType(QStringLiteral("nodns")));
    domains->populated = true;
    addFolder(m_root.get(), QStringLiteral("hosts"), tr("Hosts"), dit.hosts(), EntityKind::Host, ofKind(EntityKind::Host));
    addFolder(m_root.get(), QStringLiteral("hostgroups"), tr("Host groups"), dit.hostGroups(), EntityKind::HostGroup, ofKind(EntityKind::HostGroup));
    addFolder(m_root.get(), QStringLiteral("resellers"), tr("Resellers"), dit.tenants(), EntityKind::Reseller, ofKind(EntityKind::Reseller));
    addFolder(m_root.get(), QStringLiteral("admins"), tr("Admins"), dit.admins(), EntityKind::Admin, ofKind(EntityKind::Admin));
    addFolder(m_root.get(), QStringLiteral("services"), tr("Service accounts"), dit.services(), EntityKind::ServiceAccount,
              ofKind(EntityKind::ServiceAccount));
    addFolder(m_root.get(), QStringLiteral("conf"), tr("Configuration"), dit.conf(), EntityKind::ConfModule, ofKind(EntityKind::ConfModule));
    addFolder(m_root.get(), QStringLiteral("processes"), tr("Processes"), dit.processes(), EntityKind::Process, ofKind(EntityKind::Process));
    m_root->populated = true;

    connect(m_live, &LiveDirectory::entriesAdded, this, &DirectoryTreeModel::onAdded);
    connect(m_live, &LiveDirectory::entryChanged, this, &DirectoryTreeModel::onChanged);
    connect(m_live, &LiveDirectory::entryMoved, this, &DirectoryTreeModel::onMoved);
    connect(m_live, &LiveDirectory::entryRemoved, this, &DirectoryTreeModel::onRemoved);
    connect(m_live, &LiveDirectory::levelLoaded, this, &DirectoryTreeModel::onLevelLoaded);
    connect(m_live, &LiveDirectory::levelFailed, this, [this](const LdapDn &parent, const LdapError &) { onLevelLoaded(parent); });
}

DirectoryTreeModel::~DirectoryTreeModel() = default;

DirectoryTreeModel::Node *DirectoryTreeModel::addFolder(Node *parent, const QString &id, const QString &title,
                                                        const LdapDn &lists, EntityKind holds,
                                                        std::function<bool(const LdapEntry &)> accept)
{
    auto node = std::make_unique<Node>();
    node->type = Node::Type::Folder;
    node->parent = parent;
    node->id = id;
    node->title = title;
    node->order = int(parent->children.size());
    node->lists = lists;
    node->holds = holds;
    node->accept = std::move(accept);
    Node *raw = node.get();
    parent->children.push_back(std::move(node));
    return raw;
}

DirectoryTreeModel::Node *DirectoryTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex DirectoryTreeModel::indexOfNode(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

QModelIndex DirectoryTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    const Node *p = nodeOf(parent);
    if (row >= int(p->children.size()))
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex DirectoryTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *n = nodeOf(child);
    return indexOfNode(n->parent);
}

int DirectoryTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int DirectoryTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool DirectoryTreeModel::expandable(EntityKind kind) const
{
    return kind == EntityKind::Domain || kind == EntityKind::Reseller || kind == EntityKind::ConfModule;
}

bool DirectoryTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    const Node *n = nodeOf(parent);
    if (n->type == Node::Type::Entry && !expandable(n->kind))
        return false;
    if (!n->populated || n->loading)
        return true;
    return !n->children.empty();
}

bool DirectoryTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *n = nodeOf(parent);
    if (n->type == Node::Type::Entry && !expandable(n->kind))
        return false;
    return !n->populated;
}

void DirectoryTreeModel::fetchMore(const QModelIndex &parent)
{
    Node *n = nodeOf(parent);
    if (!n->populated && (n->type != Node::Type::Entry || expandable(n->kind)))
        populate(n);
}

void DirectoryTreeModel::addDomainFolders(Node *domainNode, const QString &domain)
{
    // Fixed folders, one per kind of object a domain holds; what they list is worked out when
    // one is opened, so ten thousand domains cost little.
    const std::pair<const char *, EntityKind> folders[] = {
        {"users", EntityKind::User},         {"websites", EntityKind::Vhost}, {"webusers", EntityKind::WebUser},
        {"mailgroups", EntityKind::MailGroup}, {"dns", EntityKind::DnsName},  {"databases", EntityKind::Database},
    };
    for (const auto &[id, kind] : folders) {
        Node *f = addFolder(domainNode, QString::fromLatin1(id), {}, {}, kind, ofKind(kind));
        f->domain = domain;
    }
    domainNode->populated = true;
}

LdapDn DirectoryTreeModel::levelOf(const Node *node) const
{
    if (!node->lists.isEmpty() || node->domain.isEmpty())
        return node->lists;
    const QString &d = node->domain;
    if (node->id == u"users")
        return m_dit.users(d);
    if (node->id == u"websites")
        return m_dit.vhosts(d);
    if (node->id == u"webusers")
        return m_dit.webUsers(d);
    if (node->id == u"mailgroups")
        return m_dit.mailGroups(d);
    if (node->id == u"databases")
        return m_dit.databases(d);
    if (node->id == u"dns")
        return m_dit.zone(d);
    return {};
}

QString DirectoryTreeModel::folderTitle(const QString &id)
{
    if (id == u"users") return tr("Users");
    if (id == u"websites") return tr("Websites");
    if (id == u"webusers") return tr("Web users");
    if (id == u"mailgroups") return tr("Mail groups");
    if (id == u"dns") return tr("DNS");
    if (id == u"databases") return tr("Databases");
    return id;
}

void DirectoryTreeModel::populate(Node *node)
{
    node->populated = true;
    if (node->type == Node::Type::Entry) {
        const LdapEntry *e = m_live->find(node->uuid);
        if (!e)
            return;
        // Resellers list their clients, configuration modules their variables.
        node->lists = e->dn();
        node->holds = node->kind == EntityKind::Reseller ? EntityKind::Client : EntityKind::ConfVar;
        node->accept = ofKind(node->holds);
    }
    if (!node->domain.isEmpty() && node->lists.isEmpty()) {
        node->lists = levelOf(node);
        if (node->id == u"dns")
            node->apex = node->lists;
    }
    if (node->lists.isEmpty())
        return;
    const QString key = node->lists.normalized();
    m_folders[key].append(node);
    if (!node->apex.isEmpty()) {
        m_apex[node->apex.normalized()].append(node);
        m_live->watch(node->apex);
    }
    // What the live view already holds for this level (another folder may have loaded it) is
    // added from the event loop: fetchMore may be called while the view or a model tester is
    // in the middle of handling another insert.
    QMetaObject::invokeMethod(this, [this, key, node] {
        if (!m_folders.value(key).contains(node))
            return; // removed meanwhile
        if (!node->apex.isEmpty()) {
            const QByteArray apexUuid = m_live->uuidOf(node->apex);
            if (!apexUuid.isEmpty())
                insertEntries(node, {apexUuid});
        }
        insertEntries(node, m_live->children(node->lists));
    }, Qt::QueuedConnection);
    if (m_live->levelState(node->lists) != LiveDirectory::LevelState::Loaded) {
        node->loading = true;
        // The big levels (all domains, a domain's users, websites, DNS names ...) keep only what
        // the tree shows; editors read the whole entry themselves.
        const bool big = node->holds == EntityKind::Domain || !node->domain.isEmpty();
        m_live->load(node->lists, big ? treeAttributes() : QStringList());
    }
}

void DirectoryTreeModel::insertEntries(Node *folder, const QList<QByteArray> &uuids)
{
    QList<std::pair<QByteArray, EntityKind>> fresh;
    for (const QByteArray &uuid : uuids) {
        const LdapEntry *e = m_live->find(uuid);
        if (!e || folder->rowOf(uuid) >= 0)
            continue;
        const bool isApex = !folder->apex.isEmpty() && e->dn() == folder->apex;
        if (!isApex && (!folder->accept || !folder->accept(*e)))
            continue;
        fresh.append({uuid, kindOf(*e)});
    }
    if (fresh.isEmpty())
        return;
    const int first = int(folder->children.size());
    beginInsertRows(indexOfNode(folder), first, first + int(fresh.size()) - 1);
    for (const auto &[uuid, kind] : fresh) {
        auto node = std::make_unique<Node>();
        node->type = Node::Type::Entry;
        node->parent = folder;
        node->uuid = uuid;
        node->kind = kind;
        if (kind == EntityKind::Domain)
            addDomainFolders(node.get(), m_live->find(uuid)->text(QStringLiteral("ispmanDomain")));
        folder->children.push_back(std::move(node));
    }
    endInsertRows();
}

void DirectoryTreeModel::unregister(Node *node)
{
    if (node->populated && !node->lists.isEmpty()) {
        auto it = m_folders.find(node->lists.normalized());
        if (it != m_folders.end()) {
            it->removeAll(node);
            if (it->isEmpty())
                m_folders.erase(it);
        }
    }
    if (!node->apex.isEmpty()) {
        auto it = m_apex.find(node->apex.normalized());
        if (it != m_apex.end()) {
            it->removeAll(node);
            if (it->isEmpty())
                m_apex.erase(it);
        }
    }
    for (auto &child : node->children)
        unregister(child.get());
}

void DirectoryTreeModel::removeRow(Node *folder, int row)
{
    beginRemoveRows(indexOfNode(folder), row, row);
    unregister(folder->children[size_t(row)].get());
    folder->children.erase(folder->children.begin() + row);
    endRemoveRows();
}

QList<DirectoryTreeModel::Node *> DirectoryTreeModel::foldersListing(const LdapDn &parent) const
{
    return m_folders.value(parent.normalized());
}

void DirectoryTreeModel::onAdded(const LdapDn &parent, const QList<QByteArray> &uuids)
{
    for (Node *folder : foldersListing(parent))
        insertEntries(folder, uuids);
    for (const QByteArray &uuid : uuids) {
        const LdapEntry *e = m_live->find(uuid);
        if (!e)
            continue;
        for (Node *folder : m_apex.value(e->dn().normalized()))
            insertEntries(folder, {uuid});
    }
}

void DirectoryTreeModel::onChanged(const QByteArray &uuid)
{
    const LdapEntry *e = m_live->find(uuid);
    if (!e)
        return;
    QList<Node *> folders = foldersListing(e->dn().parent());
    folders += m_apex.value(e->dn().normalized());
    for (Node *folder : folders) {
        const int row = folder->rowOf(uuid);
        const bool isApex = !folder->apex.isEmpty() && e->dn() == folder->apex;
        const bool wanted = isApex || (folder->accept && folder->accept(*e));
        if (row >= 0 && wanted) {
            folder->children[size_t(row)]->kind = kindOf(*e);
            Q_EMIT dataChanged(index(row, 0, indexOfNode(folder)), index(row, ColumnCount - 1, indexOfNode(folder)));
        } else if (row >= 0) {
            removeRow(folder, row); // e.g. a domain whose type changed leaves its type's folder
        } else if (wanted) {
            insertEntries(folder, {uuid});
        }
    }
}

void DirectoryTreeModel::onMoved(const QByteArray &uuid, const LdapDn &oldDn)
{
    LdapEntry old(oldDn);
    onRemoved(uuid, old);
    const LdapEntry *e = m_live->find(uuid);
    if (e)
        onAdded(e->dn().parent(), {uuid});
}

void DirectoryTreeModel::onRemoved(const QByteArray &uuid, const LdapEntry &entry)
{
    QList<Node *> folders = foldersListing(entry.dn().parent());
    folders += m_apex.value(entry.dn().normalized());
    for (Node *folder : folders) {
        const int row = folder->rowOf(uuid);
        if (row >= 0)
            removeRow(folder, row);
    }
}

void DirectoryTreeModel::onLevelLoaded(const LdapDn &parent)
{
    for (Node *folder : foldersListing(parent)) {
        if (!folder->loading)
            continue;
        folder->loading = false;
        // An empty level: the expander goes away.
        if (folder->children.empty()) {
            const QModelIndex at = indexOfNode(folder);
            Q_EMIT dataChanged(at, at);
        }
    }
}

QVariant DirectoryTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeOf(index);
    if (n->type == Node::Type::Folder) {
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == NameColumn)
                return n->title.isEmpty() ? folderTitle(n->id) : n->title;
            if (index.column() == StateColumn && n->populated && !n->lists.isEmpty())
                return n->loading ? tr("loading…") : QString::number(n->children.size());
            return {};
        case Qt::DecorationRole:
            return index.column() == NameColumn ? QApplication::style()->standardIcon(QStyle::SP_DirIcon) : QVariant();
        case Qt::ToolTipRole:
        case DnRole: {
            const LdapDn level = levelOf(n);
            return level.isEmpty() ? QVariant() : QVariant(level.toString());
        }
        case KindRole:
            return int(n->holds);
        case IsFolderRole:
            return true;
        case SortRole:
            return QStringLiteral("%1").arg(n->order, 4, 10, QLatin1Char('0'));
        default:
            return {};
        }
    }
    const LdapEntry *e = m_live->find(n->uuid);
    if (!e)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == NameColumn ? displayName(*e, n->kind) : displayState(*e, n->kind);
    case Qt::DecorationRole: {
        if (index.column() != NameColumn)
            return {};
        QStyle *style = QApplication::style();
        switch (n->kind) {
        case EntityKind::Host: return style->standardIcon(QStyle::SP_ComputerIcon);
        case EntityKind::Domain: return style->standardIcon(QStyle::SP_DriveNetIcon);
        case EntityKind::Process:
            return style->standardIcon(e->text(QStringLiteral("ispmanStatus")) == QLatin1String("error")
                                           ? QStyle::SP_MessageBoxCritical : QStyle::SP_BrowserReload);
        case EntityKind::Reseller:
        case EntityKind::ConfModule: return style->standardIcon(QStyle::SP_DirIcon);
        default: return style->standardIcon(QStyle::SP_FileIcon);
        }
    }
    case Qt::ToolTipRole:
        return e->dn().toString();
    case UuidRole:
        return n->uuid;
    case DnRole:
        return e->dn().toString();
    case KindRole:
        return int(n->kind);
    case IsFolderRole:
        return false;
    case SortRole: {
        const QString name = displayName(*e, n->kind);
        if (n->kind == EntityKind::Process) // by pid, numerically
            return QStringLiteral("%1").arg(e->text(QStringLiteral("ispmanPid")).toLongLong(), 12, 10, QLatin1Char('0'));
        if (!n->parent->apex.isEmpty() && e->dn() == n->parent->apex)
            return QString(); // the zone apex first
        return name.toLower();
    }
    default:
        return {};
    }
}

QVariant DirectoryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Name") : tr("State");
}

QModelIndex DirectoryTreeModel::indexOf(const QByteArray &uuid) const
{
    const LdapEntry *e = m_live->find(uuid);
    if (!e)
        return {};
    QList<Node *> folders = foldersListing(e->dn().parent());
    folders += m_apex.value(e->dn().normalized());
    for (Node *folder : folders) {
        const int row = folder->rowOf(uuid);
        if (row >= 0)
            return createIndex(row, 0, folder->children[size_t(row)].get());
    }
    return {};
}

QModelIndex DirectoryTreeModel::topFolder(const QString &id) const
{
    for (const auto &child : m_root->children) {
        if (child->id == id)
            return indexOfNode(child.get());
    }
    return {};
}

QModelIndex DirectoryTreeModel::childFolder(const QModelIndex &parent, const QString &id)
{
    const Node *n = nodeOf(parent);
    for (const auto &child : n->children) {
        if (child->type == Node::Type::Folder && child->id == id)
            return indexOfNode(child.get());
    }
    return {};
}

TreeProxyModel::TreeProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(DirectoryTreeModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setRecursiveFilteringEnabled(true);
    setAutoAcceptChildRows(true);
    setDynamicSortFilter(true);
}

} // namespace Isp::Console
