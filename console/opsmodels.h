// The ops view's models: every host with its agent's last report (alive / late / dead,
// version, queue depth, failures, last error) and every process in the work queue (pending,
// running, failed with its message). Both are flat tables over one level of the LiveDirectory
// (ou=hosts, ou=processes), loaded when the model is made and kept live row by row: a process
// appears when core queues it, changes when an agent claims or fails it, and leaves when it is
// done. Ages ("12 s ago") and the alive/late/dead verdict are recomputed every few seconds.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/livedirectory.h"
#include "core/model/dit.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QTimer>

#include <functional>

namespace Isp::Console {

class LevelTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role { UuidRole = Qt::UserRole + 1, DnRole };

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    [[nodiscard]] QByteArray uuidAt(int row) const { return m_rows.value(row); }
    [[nodiscard]] int rowOf(const QByteArray &uuid) const { return int(m_rows.indexOf(uuid)); }
    [[nodiscard]] bool isLoaded() const;

protected:
    LevelTableModel(LiveDirectory *live, const Core::LdapDn &level, QStringList headers, QObject *parent);
    [[nodiscard]] LiveDirectory *live() const { return m_live; }
    // One cell of the entry's row (DisplayRole, ToolTipRole, ForegroundRole ...).
    virtual QVariant cell(const Core::LdapEntry &entry, int column, int role) const = 0;
    // Columns whose text depends on the clock (refreshed every 5 s).
    virtual QList<int> timeColumns() const { return {}; }

private:
    void onAdded(const Core::LdapDn &parent, const QList<QByteArray> &uuids);
    void onChanged(const QByteArray &uuid);
    void onRemoved(const QByteArray &uuid, const Core::LdapEntry &entry);

    LiveDirectory *m_live;
    Core::LdapDn m_level;
    QStringList m_headers;
    QList<QByteArray> m_rows;
    QTimer m_clock;
};

class HostsModel : public LevelTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Agent, Heartbeat, Version, Queue, Failures, LastError };
    enum class AgentState { NoAgent, Alive, Late, Dead };
    HostsModel(LiveDirectory *live, const Core::Dit &dit, QObject *parent = nullptr);

    // Alive: reported within 60 s; late: within 5 minutes; dead: longer ago.
    static AgentState agentState(const QDateTime &heartbeat, const QDateTime &now);
    static QString stateName(AgentState state);

protected:
    QVariant cell(const Core::LdapEntry &entry, int column, int role) const override;
    QList<int> timeColumns() const override { return {Agent, Heartbeat}; }
};

class ProcessesModel : public LevelTableModel
{
    Q_OBJECT

public:
    enum Column { Pid, Process, Host, Domain, Status, Attempts, Message, Created };
    ProcessesModel(LiveDirectory *live, const Core::Dit &dit, QObject *parent = nullptr);

protected:
    QVariant cell(const Core::LdapEntry &entry, int column, int role) const override;
    QList<int> timeColumns() const override { return {Created}; }
};

// "12 s ago", "3 min ago", "2 h ago", "5 days ago".
QString ageText(const QDateTime &then, const QDateTime &now);

} // namespace Isp::Console
