// WebUserEditor: one web (htaccess) user of a domain (ispmanUserId=<id>,ou=httpusers,
// ispmanDomain=<d>), the accounts that protected locations of the domain's websites let in: set
// its password or delete it, or add a new one below a domain's ou=httpusers. A web user holds
// nothing but its password, so adding one can be undone and nothing is queued for the hosts
// (the web servers read the users from the directory).
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"

class QLineEdit;

namespace Isp::Console {

class WebUserEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit WebUserEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    // `dn`: ispmanUserId=<id>,ou=httpusers,ispmanDomain=<domain>,<base>.
    void load(const Core::LdapDn &dn) override;
    // `container`: ou=httpusers,ispmanDomain=<domain>,<base>.
    bool startNew(const Core::LdapDn &container) override;

Q_SIGNALS:
    // The user was found in the directory and is shown.
    void loaded();

private:
    void save();
    void remove();

    QString m_domain;
    QString m_userId;
    bool m_creating = false;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QPushButton *m_delete;
};

} // namespace Isp::Console
