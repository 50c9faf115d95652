// HostGroupEditor: one host group (ispmanHostGroupName=...,ou=hostgroups), the role through
// which work reaches hosts (dnsgroup, smtpgroup, httpgroup ...). Adding or removing a member
// changes where new work is queued, so each is one undoable step; the member list follows the
// group entry live, so an undo or another admin's change shows at once.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/host.h"

class QComboBox;
class QLineEdit;
class QListWidget;

namespace Isp::Console {

class InfraEntryWatch;

class HostGroupEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit HostGroupEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;
    // Creates below ou=hostgroups.
    bool startNew(const Core::LdapDn &container) override;

private:
    void save();
    void addMember();
    void removeMember();
    void remove();
    void showGroup(const Core::HostGroup &group);
    void setCreating(bool creating);

    bool m_creating = false;
    bool m_deleting = false; // our own delete: its removal is not news
    Core::HostGroup m_group;
    QLineEdit *m_name;
    QLineEdit *m_info;
    QWidget *m_membersBox;
    QListWidget *m_members;
    QComboBox *m_hostChoice;
    QPushButton *m_delete;
    InfraEntryWatch *m_watch;
};

} // namespace Isp::Console
