#include "console/opsview.h"

#include "console/editors/infracommands.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent, const QString &name)
{
    auto *table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSortingEnabled(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    return table;
}

} // namespace

OpsView::OpsView(const ConsoleContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_hosts = new HostsModel(context.live, context.dit, this);
    m_processes = new ProcessesModel(context.live, context.dit, this);
    m_processFilter = new QSortFilterProxyModel(this);
    m_processFilter->setSourceModel(m_processes);
    m_processFilter->setFilterKeyColumn(ProcessesModel::Status);

    auto *layout = new QVBoxLayout(this);
    auto *split = new QSplitter(Qt::Vertical, this);
    layout->addWidget(split);

    auto *hostsBox = new QWidget(split);
    auto *hv = new QVBoxLayout(hostsBox);
    hv->setContentsMargins(0, 0, 0, 0);
    hv->addWidget(new QLabel(tr("<b>Hosts and their agents</b>"), hostsBox));
    auto *hostSort = new QSortFilterProxyModel(this);
    hostSort->setSourceModel(m_hosts);
    m_hostTable = makeTable(hostSort, hostsBox, QStringLiteral("hosts"));
    hv->addWidget(m_hostTable);
    m_hostTable->setColumnWidth(HostsModel::Name, 190);
    m_hostTable->setColumnWidth(HostsModel::Heartbeat, 120);

    auto *processBox = new QWidget(split);
    auto *pv = new QVBoxLayout(processBox);
    pv->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("<b>Work queue</b>"), processBox));
    m_summary = new QLabel(processBox);
    m_summary->setObjectName(QStringLiteral("summary"));
    bar->addWidget(m_summary);
    bar->addStretch();
    m_status = new QComboBox(processBox);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("All processes"), QString());
    m_status->addItem(tr("Pending"), QStringLiteral("new"));
    m_status->addItem(tr("Running"), QStringLiteral("running"));
    m_status->addItem(tr("Failed"), QStringLiteral("error"));
    bar->addWidget(m_status);
    m_retry = new QPushButton(tr("&Retry"), processBox);
    m_retry->setObjectName(QStringLiteral("retry"));
    m_retry->setToolTip(tr("Queue the selected failed processes again"));
    m_delete = new QPushButton(tr("&Delete"), processBox);
    m_delete->setObjectName(QStringLiteral("delete"));
    m_delete->setToolTip(tr("Remove the selected processes from the queue: their work will not be done"));
    bar->addWidget(m_retry);
    bar->addWidget(m_delete);
    pv->addLayout(bar);
    m_processTable = makeTable(m_processFilter, processBox, QStringLiteral("processes"));
    pv->addWidget(m_processTable);
    m_processTable->setColumnWidth(ProcessesModel::Pid, 60);
    m_processTable->setColumnWidth(ProcessesModel::Process, 170);
    m_processTable->setColumnWidth(ProcessesModel::Host, 160);
    m_processTable->setColumnWidth(ProcessesModel::Domain, 120);
    m_processTable->setColumnWidth(ProcessesModel::Attempts, 70);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        const QString s = m_status->currentData().toString();
        m_processFilter->setFilterRegularExpression(s.isEmpty() ? QString() : QStringLiteral("^%1$").arg(s));
    });
    connect(m_retry, &QPushButton::clicked, this, &OpsView::retrySelected);
    connect(m_delete, &QPushButton::clicked, this, &OpsView::deleteSelected);
    auto open = [this](const QModelIndex &index) {
        const QString dn = index.data(LevelTableModel::DnRole).toString();
        if (!dn.isEmpty())
            Q_EMIT openRequested(dn);
    };
    connect(m_hostTable, &QTableView::doubleClicked, this, open);
    connect(m_processTable, &QTableView::doubleClicked, this, open);
    for (QAbstractItemModel *m : {static_cast<QAbstractItemModel *>(m_processes), static_cast<QAbstractItemModel *>(m_hosts)}) {
        connect(m, &QAbstractItemModel::rowsInserted, this, &OpsView::updateSummary);
        connect(m, &QAbstractItemModel::rowsRemoved, this, &OpsView::updateSummary);
        connect(m, &QAbstractItemModel::dataChanged, this, &OpsView::updateSummary);
    }
    updateSummary();
}

void OpsView::updateSummary()
{
    int pending = 0, running = 0, failed = 0;
    for (int r = 0; r < m_processes->rowCount(); ++r) {
        const QString s = m_processes->index(r, ProcessesModel::Status).data().toString();
        if (s == QLatin1String("error"))
            ++failed;
        else if (s == QLatin1String("running"))
            ++running;
        else
            ++pending;
    }
    int dead = 0;
    for (int r = 0; r < m_hosts->rowCount(); ++r) {
        const QString s = m_hosts->index(r, HostsModel::Agent).data().toString();
        if (s == HostsModel::stateName(HostsModel::AgentState::Dead) || s == HostsModel::stateName(HostsModel::AgentState::Late))
            ++dead;
    }
    m_summary->setText(tr("%1 pending, %2 running, %3 failed; %4 agent(s) late or dead").arg(pending).arg(running).arg(failed).arg(dead));
}

QList<QString> OpsView::selectedPids() const
{
    QList<QString> pids;
    const QModelIndexList rows = m_processTable->selectionModel()->selectedRows(ProcessesModel::Pid);
    for (const QModelIndex &i : rows)
        pids << i.data().toString();
    return pids;
}

void OpsView::retrySelected()
{
    for (const QString &pid : selectedPids()) {
        m_context.commands->execute(InfraCommands::retryProcess(pid.toLongLong()));
    }
}

void OpsView::deleteSelected()
{
    const QList<QString> pids = selectedPids();
    if (pids.isEmpty())
        return;
    if (m_context.confirmDestructive
        && QMessageBox::question(this, tr("Delete processes"),
                                 tr("Delete %n process(es)? Their work will not be done on the hosts.", nullptr, int(pids.size())),
                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            != QMessageBox::Yes)
        return;
    for (const QString &pid : pids) {
        m_context.commands->execute(InfraCommands::removeProcess(pid.toLongLong()));
    }
}

} // namespace Isp::Console
