// MailGroupEditor: a mail group (distribution list, cn=<name>,ou=ispmanMailGroup,ispmanDomain=<d>),
// or a new one in create mode (container ou=ispmanMailGroup,ispmanDomain=<d>). Members and
// aliases are added and removed one undoable command each; deleting a group is undoable too (a
// group holds no mail: the inverse adds it back with its members and aliases). Groups queue no
// work: Postfix reads them from the directory.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/mailuser.h"

class QLabel;
class QLineEdit;

namespace Isp::Console {

class AddressListSection;

class MailGroupEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit MailGroupEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;
    // `container`: ou=ispmanMailGroup,ispmanDomain=<d>.
    bool startNew(const Core::LdapDn &container) override;

    [[nodiscard]] bool isNew() const { return m_new; }
    [[nodiscard]] const Core::MailGroup &group() const { return m_group; }

private:
    void setMode(bool creating);
    void display(const Core::MailGroup &group);
    void save();
    void remove();
    void listRequest(AddressListSection *list, bool add, const QString &value);

    QString m_domain;
    bool m_new = false;
    [[nodiscard]] bool keepsForm() const override { return m_new; }
    Core::MailGroup m_group;

    QLabel *m_info = nullptr;
    QLineEdit *m_name = nullptr;
    AddressListSection *m_members = nullptr;
    AddressListSection *m_aliases = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace Isp::Console
