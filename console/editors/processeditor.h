// ProcessEditor: one piece of queued work (ispmanPid=N,ou=processes), for the operator who
// wants to know why something did not happen on a host: what, where, about which object, how
// often it was tried and why it failed. A failed process can be queued again (Retry) or
// dropped (Delete); neither can be undone.
//
// The entry lives only until its agent finishes it: the editor follows it live and, when it
// disappears, says the work is done and emits finished().
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/process.h"

class QLabel;

namespace Isp::Console {

class InfraEntryWatch;

class ProcessEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit ProcessEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;

private:
    void retry();
    void remove();
    void showProcess(const Core::Process &process);
    void done(const QString &why);

    Core::Process m_process;
    bool m_deleting = false; // our own delete: its removal is not the agent's
    QLabel *m_name, *m_host, *m_domain, *m_target, *m_status, *m_attempts, *m_message, *m_user, *m_params, *m_created,
        *m_nextRetry, *m_owner;
    QPushButton *m_retry;
    QPushButton *m_delete;
    InfraEntryWatch *m_watch;
};

} // namespace Isp::Console
