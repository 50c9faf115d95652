// OpsView: what operators watch — every host's agent (alive / late / dead, version, queue,
// failures, last error) and the work queue (pending, running, failed with its message), live,
// with Retry and Delete for selected processes (as commands, in the undo history's log).
#pragma once

#include "console/consolecontext.h"
#include "console/opsmodels.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Isp::Console {

class OpsView : public QWidget
{
    Q_OBJECT

public:
    explicit OpsView(const ConsoleContext &context, QWidget *parent = nullptr);

    [[nodiscard]] HostsModel *hosts() const { return m_hosts; }
    [[nodiscard]] ProcessesModel *processes() const { return m_processes; }
    [[nodiscard]] QTableView *processTable() const { return m_processTable; }
    // Retries / deletes the selected processes.
    void retrySelected();
    void deleteSelected();

Q_SIGNALS:
    // The admin double-clicked a host or a process.
    void openRequested(const QString &dn);

private:
    QList<QString> selectedPids() const;
    void updateSummary();

    ConsoleContext m_context;
    HostsModel *m_hosts;
    ProcessesModel *m_processes;
    QSortFilterProxyModel *m_processFilter;
    QTableView *m_hostTable;
    QTableView *m_processTable;
    QComboBox *m_status;
    QPushButton *m_retry;
    QPushButton *m_delete;
    QLabel *m_summary;
};

} // namespace Isp::Console
