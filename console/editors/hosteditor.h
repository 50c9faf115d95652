// HostEditor: one managed host (ispmanHostName=...,ou=hosts): its address, aliases and info,
// the password its agent binds with, and — read-only — what its agent last reported. The
// agent box is what an operator looks at when work is not being done on a host, so it follows
// the host entry live (every heartbeat the agent writes) and ages the last heartbeat every few
// seconds even when nothing is written: a silent agent turns "late", then "dead".
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/host.h"

class QLabel;
class QLineEdit;
class QTimer;

namespace Isp::Console {

class InfraEntryWatch;

class HostEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit HostEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;
    // Creates below ou=hosts.
    bool startNew(const Core::LdapDn &container) override;

    // alive (heartbeat at most 60 s old), late (at most 300 s), dead, or never seen.
    enum class Liveness { Alive, Late, Dead, Never };
    static Liveness liveness(const QDateTime &heartbeat, const QDateTime &now);

private:
    void save();
    void setAgentPassword();
    void remove();
    void showHost(const Core::Host &host);
    void showAgent(const Core::Host &host);
    void updateAge();
    void setCreating(bool creating);
    [[nodiscard]] bool formMatches(const Core::Host &host) const;

    bool m_creating = false;
    bool m_deleting = false; // our own delete: its removal is not news
    Core::Host m_host;
    QLineEdit *m_name;
    QLineEdit *m_ip;
    QLineEdit *m_aliases;
    QLineEdit *m_info;
    QLineEdit *m_groups;
    QLineEdit *m_password;
    QPushButton *m_setPassword;
    QPushButton *m_delete;
    QWidget *m_agentBox;
    QLabel *m_heartbeat;
    QLabel *m_alive;
    QLabel *m_version;
    QLabel *m_state;
    QLabel *m_queue;
    QLabel *m_failures;
    QLabel *m_lastError;
    InfraEntryWatch *m_watch;
    QTimer *m_ageTimer;
};

} // namespace Isp::Console
