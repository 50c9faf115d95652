// UserEditor: a mail/FTP user of a hosted domain (uid=<u>,ou=users,ispmanDomain=<d>), or a new
// one in create mode (container ou=users,ispmanDomain=<d>). Everything `ispman user` does: names,
// quotas, mail host, FTP, password, aliases, forwards, suspension, deletion; each through
// MailCommands so that it is one undoable step where the directory allows one. Core validates:
// the form only shows core's message under the field it names.
//
// The Save button names the work core will queue and for which hosts (createHomeDirectory /
// createMailbox for a new user, deleteMailbox + createMailbox when the mailbox moves; other
// changes queue nothing, the services read the directory), computed on the worker with the
// same placement and targetHosts() core uses.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/mailuser.h"

class QCheckBox;
class QLabel;
class QLineEdit;

namespace Isp::Console {

class AddressListSection;

class UserEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit UserEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;
    // `container`: ou=users,ispmanDomain=<d>.
    bool startNew(const Core::LdapDn &container) override;

    [[nodiscard]] bool isNew() const { return m_new; }
    // The user as last read (empty in create mode).
    [[nodiscard]] const Core::MailUser &user() const { return m_user; }

private:
    void build();
    void setMode(bool creating);
    void display(const Core::MailUser &user);
    void save();
    void saveNew();
    void setPassword();
    void toggleSuspended();
    void remove();
    void updatePreview();
    // Runs a list change (alias/forward) and reloads; the typed value is cleared on success.
    void runListCommand(AddressListSection *list, std::shared_ptr<Command> command);
    [[nodiscard]] bool isDirty() const;
    void setRowVisible(QWidget *field, bool visible);

    QString m_domain;   // create mode: the domain the user goes to
    bool m_new = false;
    [[nodiscard]] bool keepsForm() const override { return m_new || isDirty(); }
    Core::MailUser m_user;
    quint64 m_previewGeneration = 0;

    QLabel *m_info = nullptr;
    QLineEdit *m_localPart = nullptr;
    QLineEdit *m_givenName = nullptr;
    QLineEdit *m_surname = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_mailbox = nullptr;
    QLineEdit *m_mailHost = nullptr;
    QLineEdit *m_mailQuota = nullptr;
    QLineEdit *m_ftpQuota = nullptr;
    QCheckBox *m_ftp = nullptr;
    AddressListSection *m_forwards = nullptr;
    AddressListSection *m_aliases = nullptr;
    QPushButton *m_setPassword = nullptr;
    QPushButton *m_suspend = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace Isp::Console
