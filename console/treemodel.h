// DirectoryTreeModel: the console's tree of the ISP — Domains (by type, each with its users,
// websites, web users, mail groups, DNS names and databases), Hosts, Host groups, Resellers ->
// clients, Admins, Configuration (modules -> variables) and Processes.
//
// Lazy: a folder lists nothing until the view asks (canFetchMore/fetchMore), then it asks the
// LiveDirectory for that one level, whose pages arrive as rows are appended. Live: the
// LiveDirectory's fine-grained signals become beginInsertRows/dataChanged/beginRemoveRows on
// the rows concerned — never a reset — so expansion and selection survive changes made by
// other clients. Rows stay in arrival order; the view sorts and filters through a
// QSortFilterProxyModel (TreeProxyModel).
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entitykind.h"
#include "console/livedirectory.h"
#include "core/model/dit.h"

#include <QAbstractItemModel>
#include <QSortFilterProxyModel>

#include <functional>
#include <memory>
#include <vector>

namespace Isp::Console {

class DirectoryTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role {
        UuidRole = Qt::UserRole + 1, // QByteArray, raw entryUUID (entries)
        DnRole,                      // QString: the entry's DN, or the level a folder lists
        KindRole,                    // int(EntityKind) of the entry; for folders, of what it holds
        IsFolderRole,                // bool
        SortRole,                    // QString: folders in their fixed order, entries by name
    };
    enum Column { NameColumn, StateColumn, ColumnCount };

    DirectoryTreeModel(LiveDirectory *live, const Core::Dit &dit, QObject *parent = nullptr);
    ~DirectoryTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // The index of the entry with `uuid` in the first folder that shows it (invalid if none).
    QModelIndex indexOf(const QByteArray &uuid) const;
    // The top-level folder for a part of the ISP ("domains", "hosts", "hostgroups", "resellers",
    // "admins", "conf", "processes").
    QModelIndex topFolder(const QString &id) const;
    // Child folder of a domain row by id ("users", "websites", "webusers", "mailgroups", "dns",
    // "databases"); or of the Domains folder by type
    // ("primary", "slave", "replica", "nodns").
    QModelIndex childFolder(const QModelIndex &parent, const QString &id);

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node, int column = 0) const;
    Node *addFolder(Node *parent, const QString &id, const QString &title, const Core::LdapDn &lists,
                    EntityKind holds, std::function<bool(const Core::LdapEntry &)> accept);
    void populate(Node *node);
    void addDomainFolders(Node *domainNode, const QString &domain);
    static QString folderTitle(const QString &id);
    [[nodiscard]] Core::LdapDn levelOf(const Node *node) const;
    void insertEntries(Node *folder, const QList<QByteArray> &uuids);
    void removeRow(Node *folder, int row);
    void unregister(Node *node);
    [[nodiscard]] bool expandable(EntityKind kind) const;
    [[nodiscard]] QList<Node *> foldersListing(const Core::LdapDn &parent) const;

    void onAdded(const Core::LdapDn &parent, const QList<QByteArray> &uuids);
    void onChanged(const QByteArray &uuid);
    void onMoved(const QByteArray &uuid, const Core::LdapDn &oldDn);
    void onRemoved(const QByteArray &uuid, const Core::LdapEntry &entry);
    void onLevelLoaded(const Core::LdapDn &parent);

    LiveDirectory *m_live;
    Core::Dit m_dit;
    std::unique_ptr<Node> m_root;
    QHash<QString, QList<Node *>> m_folders; // normalized DN a folder lists -> populated folders
    QHash<QString, QList<Node *>> m_apex;    // normalized DN of a zone apex -> DNS folders showing it
};

// Sorts folders in their fixed order and entries by name, and filters as the admin types:
// a row stays when it or one of its loaded descendants matches.
class TreeProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TreeProxyModel(QObject *parent = nullptr);
};

} // namespace Isp::Console
