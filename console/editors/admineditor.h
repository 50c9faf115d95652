// AdminEditor: one console administrator (uid=...,ou=admins): level, name, mail, the networks
// it may bind from, and its password. Core enforces the levels (only level 100 manages
// administrators; nobody deletes themselves or the last level-100 administrator), so the form
// offers every action and shows core's refusal where it applies. Changing one's own password
// needs the current one, which the form then asks for.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/tenant.h"

class QLineEdit;

namespace Isp::Console {

class InfraEntryWatch;

class AdminEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit AdminEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;
    // Creates below ou=admins.
    bool startNew(const Core::LdapDn &container) override;

private:
    void save();
    void setPassword();
    void remove();
    void showAdmin(const Core::Admin &admin);
    void setCreating(bool creating);
    [[nodiscard]] bool isSelf() const;

    bool m_creating = false;
    bool m_deleting = false; // our own delete: its removal is not news
    Core::Admin m_admin;
    QLineEdit *m_uid;
    QLineEdit *m_level;
    QLineEdit *m_cn;
    QLineEdit *m_mail;
    QLineEdit *m_networks;
    QLineEdit *m_password;
    QLineEdit *m_oldPassword;
    QPushButton *m_setPassword;
    QPushButton *m_delete;
    InfraEntryWatch *m_watch;
};

} // namespace Isp::Console
