// ServiceAccountEditor: the accounts services bind with (cn=<name>,ou=services: postfix,
// dovecot, pure-ftpd, powerdns, apache, panel), each allowed to read only what its service
// needs. An admin sets an account's password (which creates it) or removes it; neither can be
// undone (a password is not kept, and a removed account's service stops authenticating).
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/ops/serviceops.h"

class QComboBox;
class QLabel;
class QLineEdit;

namespace Isp::Console {

class ServiceAccountEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit ServiceAccountEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;
    // Below ou=services: pick one of the model's accounts and give it a password.
    bool startNew(const Core::LdapDn &container) override;

private:
    void showAccounts(const QList<Core::ServiceOps::ServiceAccountInfo> &accounts);
    void save();
    void remove();
    [[nodiscard]] QString currentName() const;

    QString m_name; // loaded account (empty in create mode)
    QComboBox *m_account;
    QLabel *m_purpose;
    QLabel *m_reads;
    QLineEdit *m_password;
    QPushButton *m_delete;
    QList<Core::ServiceOps::ServiceAccountInfo> m_accounts;
};

} // namespace Isp::Console
