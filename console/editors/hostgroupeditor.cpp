#include "console/editors/hostgroupeditor.h"

#include "console/editors/infracommands.h"
#include "core/ops/hostops.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Isp::Console {

using namespace Isp::Core;

HostGroupEditor::HostGroupEditor(const ConsoleContext &context, QWidget *parent)
    : EntityEditor(context, parent), m_watch(new InfraEntryWatch(context.live, this))
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("httpgroup"));
    // Core names the group's errors "group".
    addField(QStringLiteral("group"), tr("Group name"), m_name);
    m_info = new QLineEdit(this);
    m_info->setObjectName(QStringLiteral("info"));
    addField(QStringLiteral("info"), tr("Info"), m_info);

    auto *box = new QGroupBox(tr("Members"), this);
    auto *v = new QVBoxLayout(box);
    m_members = new QListWidget(box);
    m_members->setObjectName(QStringLiteral("members"));
    v->addWidget(m_members);
    auto *row = new QHBoxLayout;
    m_hostChoice = new QComboBox(box);
    m_hostChoice->setObjectName(QStringLiteral("hostChoice"));
    m_hostChoice->setEditable(true); // a host not listed yet can be typed; core checks it exists
    row->addWidget(m_hostChoice, 1);
    auto *add = new QPushButton(tr("Add member"), box);
    add->setObjectName(QStringLiteral("addMember"));
    row->addWidget(add);
    auto *take = new QPushButton(tr("Remove member"), box);
    take->setObjectName(QStringLiteral("removeMember"));
    row->addWidget(take);
    v->addLayout(row);
    m_membersBox = box;
    addSection(box);

    m_delete = addButton(tr("Delete"), tr("Deletes the group; refused while it has members."));
    m_delete->setObjectName(QStringLiteral("delete"));

    connect(saveButton(), &QPushButton::clicked, this, &HostGroupEditor::save);
    connect(add, &QPushButton::clicked, this, &HostGroupEditor::addMember);
    connect(take, &QPushButton::clicked, this, &HostGroupEditor::removeMember);
    connect(m_delete, &QPushButton::clicked, this, &HostGroupEditor::remove);
    connect(
        m_watch, &InfraEntryWatch::changed, this, [this](const LdapEntry &e) { showGroup(HostGroup::fromEntry(e)); });
    connect(m_watch, &InfraEntryWatch::removed, this, [this] {
        if (m_deleting)
            return;
        showMessage(tr("This host group was deleted."));
        Q_EMIT finished();
    });
    setCreating(false);
}

void HostGroupEditor::setCreating(bool creating)
{
    m_creating = creating;
    m_name->setReadOnly(!creating);
    // Core has no operation to change a group's info: it is set when the group is made.
    m_info->setReadOnly(!creating);
    saveButton()->setVisible(creating);
    m_membersBox->setVisible(!creating);
    m_delete->setVisible(!creating);
}

void HostGroupEditor::load(const LdapDn &dn)
{
    m_deleting = false;
    setCreating(false);
    setDn(dn);
    const QString name = dn.rdnValue();
    setTitle(tr("Host group %1").arg(name));
    read<HostGroup>([name](DirectorySession &s) { return HostOps::showGroup(s, name); },
        [this](const HostGroup &g) { showGroup(g); });
    read<QList<Host>>([](DirectorySession &s) { return HostOps::list(s); },
        [this](const QList<Host> &hosts) {
            const QString typed = m_hostChoice->currentText();
            m_hostChoice->clear();
            for (const Host &h : hosts)
                m_hostChoice->addItem(h.name);
            m_hostChoice->setCurrentText(typed);
        });
    m_watch->watch(dn);
}

bool HostGroupEditor::startNew(const LdapDn &container)
{
    if (!(container == context().dit.hostGroups()))
        return false;
    setCreating(true);
    setDn(LdapDn());
    m_watch->clear();
    m_group = HostGroup();
    m_name->clear();
    m_info->clear();
    m_members->clear();
    clearErrors();
    setTitle(tr("New host group"));
    return true;
}

void HostGroupEditor::showGroup(const HostGroup &g)
{
    m_group = g;
    m_name->setText(g.name);
    m_info->setText(g.info);
    m_members->clear();
    m_members->addItems(g.members);
}

void HostGroupEditor::save()
{
    if (!m_creating)
        return;
    auto created = std::make_shared<HostGroup>();
    execute(InfraCommands::addHostGroup(m_name->text().trimmed(), m_info->text(), created),
        [this, created] { load(context().dit.hostGroup(created->name)); });
}

void HostGroupEditor::addMember()
{
    const QString host = m_hostChoice->currentText().trimmed();
    if (host.isEmpty())
        return;
    execute(InfraCommands::addHostGroupMember(m_group.name, host), [this] { load(dn()); });
}

void HostGroupEditor::removeMember()
{
    const QListWidgetItem *item = m_members->currentItem();
    if (!item)
        return;
    execute(InfraCommands::removeHostGroupMember(m_group.name, item->text()), [this] { load(dn()); });
}

void HostGroupEditor::remove()
{
    if (!confirm(tr("Delete host group %1?").arg(m_group.name)))
        return;
    m_deleting = true;
    execute(InfraCommands::removeHostGroup(m_group.name), [this] {
        m_watch->clear();
        Q_EMIT finished();
    });
}

} // namespace Isp::Console
