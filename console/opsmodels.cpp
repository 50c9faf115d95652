#include "console/opsmodels.h"

#include "core/model/host.h"
#include "core/model/process.h"

#include <QBrush>
#include <QColor>

namespace Isp::Console {

using namespace Isp::Core;

LevelTableModel::LevelTableModel(LiveDirectory *live, const LdapDn &level, QStringList headers, QObject *parent)
    : QAbstractTableModel(parent), m_live(live), m_level(level), m_headers(std::move(headers))
{
    connect(m_live, &LiveDirectory::entriesAdded, this, &LevelTableModel::onAdded);
    connect(m_live, &LiveDirectory::entryChanged, this, &LevelTableModel::onChanged);
    connect(m_live, &LiveDirectory::entryRemoved, this, &LevelTableModel::onRemoved);
    connect(m_live, &LiveDirectory::entryMoved, this, [this](const QByteArray &uuid, const LdapDn &oldDn) {
        onRemoved(uuid, LdapEntry(oldDn));
        if (const LdapEntry *e = m_live->find(uuid))
            onAdded(e->dn().parent(), {uuid});
    });
    onAdded(m_level, m_live->children(m_level));
    m_live->load(m_level);
    m_clock.setInterval(5000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        if (m_rows.isEmpty())
            return;
        for (int column : timeColumns())
            Q_EMIT dataChanged(index(0, column), index(int(m_rows.size()) - 1, column));
    });
    m_clock.start();
}

bool LevelTableModel::isLoaded() const
{
    return m_live->levelState(m_level) == LiveDirectory::LevelState::Loaded;
}

int LevelTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LevelTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant LevelTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QByteArray uuid = m_rows.at(index.row());
    if (role == UuidRole)
        return uuid;
    const LdapEntry *e = m_live->find(uuid);
    if (!e)
        return {};
    if (role == DnRole)
        return e->dn().toString();
    return cell(*e, index.column(), role);
}

QVariant LevelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return m_headers.value(section);
    return {};
}

void LevelTableModel::onAdded(const LdapDn &parent, const QList<QByteArray> &uuids)
{
    if (!(parent == m_level))
        return;
    QList<QByteArray> fresh;
    for (const QByteArray &u : uuids) {
        if (!m_rows.contains(u))
            fresh << u;
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size()) - 1);
    m_rows += fresh;
    endInsertRows();
}

void LevelTableModel::onChanged(const QByteArray &uuid)
{
    const int row = rowOf(uuid);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void LevelTableModel::onRemoved(const QByteArray &uuid, const LdapEntry &)
{
    const int row = rowOf(uuid);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

QString ageText(const QDateTime &then, const QDateTime &now)
{
    if (!then.isValid())
        return {};
    const qint64 s = std::max<qint64>(0, then.secsTo(now));
    if (s < 60)
        return QObject::tr("%1 s ago").arg(s);
    if (s < 3600)
        return QObject::tr("%1 min ago").arg(s / 60);
    if (s < 86400)
        return QObject::tr("%1 h ago").arg(s / 3600);
    return QObject::tr("%1 days ago").arg(s / 86400);
}

HostsModel::HostsModel(LiveDirectory *live, const Dit &dit, QObject *parent)
    : LevelTableModel(live, dit.hosts(),
                      {tr("Host"), tr("Agent"), tr("Last heartbeat"), tr("Version"), tr("Queue"), tr("Failures"), tr("Last error")},
                      parent)
{
}

HostsModel::AgentState HostsModel::agentState(const QDateTime &heartbeat, const QDateTime &now)
{
    if (!heartbeat.isValid())
        return AgentState::NoAgent;
    const qint64 age = heartbeat.secsTo(now);
    if (age <= 60)
        return AgentState::Alive;
    return age <= 300 ? AgentState::Late : AgentState::Dead;
}

QString HostsModel::stateName(AgentState state)
{
    switch (state) {
    case AgentState::NoAgent: return tr("no agent");
    case AgentState::Alive: return tr("alive");
    case AgentState::Late: return tr("late");
    case AgentState::Dead: return tr("dead");
    }
    return {};
}

QVariant HostsModel::cell(const LdapEntry &entry, int column, int role) const
{
    const Host h = Host::fromEntry(entry);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const AgentState state = agentState(h.agentHeartbeat, now);
    if (role == Qt::ForegroundRole && column == Agent) {
        switch (state) {
        case AgentState::Alive: return QBrush(QColor(0x1e, 0x7e, 0x34));
        case AgentState::Late: return QBrush(QColor(0x8a, 0x6d, 0x00));
        case AgentState::Dead: return QBrush(QColor(0xb0, 0x00, 0x20));
        case AgentState::NoAgent: return {};
        }
    }
    if (role == Qt::ToolTipRole && column == LastError)
        return h.agentLastError;
    if (role == Qt::ToolTipRole && column == Heartbeat)
        return h.agentHeartbeat.toString(Qt::ISODate);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(column)) {
    case Name: return h.name;
    case Agent: return h.agentState.isEmpty() || state != AgentState::Alive ? stateName(state)
                                                                           : QStringLiteral("%1 (%2)").arg(stateName(state), h.agentState);
    case Heartbeat: return ageText(h.agentHeartbeat, now);
    case Version: return h.agentVersion;
    case Queue: return h.agentHeartbeat.isValid() ? QVariant(h.agentQueueDepth) : QVariant();
    case Failures: return h.agentHeartbeat.isValid() ? QVariant(h.agentFailures) : QVariant();
    case LastError: return h.agentLastError;
    }
    return {};
}

ProcessesModel::ProcessesModel(LiveDirectory *live, const Dit &dit, QObject *parent)
    : LevelTableModel(live, dit.processes(),
                      {tr("PID"), tr("Process"), tr("Host"), tr("Domain"), tr("Status"), tr("Attempts"), tr("Message"), tr("Queued")},
                      parent)
{
}

QVariant ProcessesModel::cell(const LdapEntry &entry, int column, int role) const
{
    const Core::Process p = Core::Process::fromEntry(entry);
    if (role == Qt::ForegroundRole && column == Status) {
        if (p.status == QLatin1String("error"))
            return QBrush(QColor(0xb0, 0x00, 0x20));
        if (p.status == QLatin1String("running"))
            return QBrush(QColor(0x1a, 0x55, 0xb0));
        return {};
    }
    if (role == Qt::ToolTipRole && column == Message)
        return p.message;
    if (role == Qt::UserRole + 10) // sort key
        return column == Pid ? QVariant(p.pid) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(column)) {
    case Pid: return p.pid;
    case Process: return p.name;
    case Host: return p.host;
    case Domain: return p.domain;
    case Status: return p.status;
    case Attempts: return p.attempts;
    case Message: return p.message;
    case Created: return ageText(p.created, QDateTime::currentDateTimeUtc());
    }
    return {};
}

} // namespace Isp::Console
