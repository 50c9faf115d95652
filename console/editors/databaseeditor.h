// DatabaseEditor: one customer database (ispmanDBName=<name>,ou=databases,ispmanDomain=<d>):
// who may connect (client host patterns) and what its user may do (privileges), its password
// and its deletion; or a new database below a domain's ou=databases. Changes of the lists are
// undoable (WebCommands::editDatabase restores the lists read before the change); the agent on
// the database server converges MariaDB to the entry, which the Save button names.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/database.h"

class QLineEdit;
class QListWidget;

namespace Isp::Console {

class DatabaseEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit DatabaseEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    // `dn`: ispmanDBName=<name>,ou=databases,ispmanDomain=<domain>,<base>.
    void load(const Core::LdapDn &dn) override;
    // `container`: ou=databases,ispmanDomain=<domain>,<base>.
    bool startNew(const Core::LdapDn &container) override;

    [[nodiscard]] const Core::Database &database() const { return m_db; }

Q_SIGNALS:
    // The form shows the database as just read (after load and after each change).
    void loaded();

private:
    void setCreating(bool creating);
    void reload();
    void showDatabase(const Core::Database &db);
    void setPrivileges(const QStringList &privileges);
    [[nodiscard]] QStringList checkedPrivileges() const;
    void updatePreview();
    void save();
    void setPassword();
    void remove();

    QString m_domain;
    Core::Database m_db;
    QString m_domainDbHost; // the domain's default server, for the create preview
    bool m_creating = false;
    bool m_removing = false;
    QLineEdit *m_name;
    QLineEdit *m_user;
    QLineEdit *m_host;
    QLineEdit *m_password;
    QLineEdit *m_accessFrom;
    QListWidget *m_privileges;
    QPushButton *m_setPassword;
    QPushButton *m_delete;
};

} // namespace Isp::Console
