#include "console/editors/mailgroupeditor.h"

#include "console/editors/addresslistsection.h"
#include "console/editors/mailcommands.h"
#include "console/entitykind.h"
#include "core/ops/mailgroupops.h"
#include "core/validation/domainname.h"
#include "core/validation/mailaddress.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

// Once the entry exists its name fields are hidden: core's errors about them go to the banner.
std::shared_ptr<Command> existing(std::shared_ptr<Command> command)
{
    return MailCommands::withErrorsOutside(std::move(command), {QStringLiteral("name"), QStringLiteral("address"), QStringLiteral("group")});
}

} // namespace

MailGroupEditor::MailGroupEditor(const ConsoleContext &context, QWidget *parent) : EntityEditor(context, parent)
{
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("info"));
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form()->addRow(m_info);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("local part, e.g. sales"));
    addField(QStringLiteral("name"), tr("Address"), m_name, {QStringLiteral("address"), QStringLiteral("group")});
    m_members = new AddressListSection(QStringLiteral("member"), tr("an address (any domain)"), this);
    addField(QStringLiteral("member"), tr("Members"), m_members);
    m_aliases = new AddressListSection(QStringLiteral("alias"), tr("another address, or @domain for a catch-all"), this);
    addField(QStringLiteral("alias"), tr("Aliases"), m_aliases);
    m_delete = addButton(tr("Delete"), tr("Deletes the group (undoable: it holds no mail)."));
    m_delete->setObjectName(QStringLiteral("delete"));

    connect(saveButton(), &QPushButton::clicked, this, &MailGroupEditor::save);
    connect(m_delete, &QPushButton::clicked, this, &MailGroupEditor::remove);
    for (AddressListSection *list : {m_members, m_aliases}) {
        connect(list, &AddressListSection::addRequested, this, [this, list](const QString &v) { listRequest(list, true, v); });
        connect(list, &AddressListSection::removeRequested, this, [this, list](const QString &v) { listRequest(list, false, v); });
    }
    reloadOnLiveChanges();
    setMode(false);
}

void MailGroupEditor::setMode(bool creating)
{
    m_new = creating;
    // The name is typed once; afterwards the address shows in the info line.
    form()->setRowVisible(m_name->parentWidget(), creating);
    m_info->setVisible(!creating);
    m_delete->setVisible(!creating);
    saveButton()->setVisible(creating);
}

bool MailGroupEditor::startNew(const LdapDn &container)
{
    const QString domain = domainOf(container);
    if (domain.isEmpty() || container != context().dit.mailGroups(domain))
        return false;
    m_domain = domain;
    m_group = MailGroup();
    setDn(LdapDn());
    setMode(true);
    clearErrors();
    m_name->clear();
    m_members->setAddresses({});
    m_aliases->setAddresses({});
    m_name->setFocus();
    setTitle(tr("New mail group in %1").arg(domain));
    setQueuePreview({}, {});
    return true;
}

void MailGroupEditor::load(const LdapDn &dn)
{
    setMode(false);
    setDn(dn);
    const QString address = dn.rdnValue() + QLatin1Char('@') + domainOf(dn);
    read<MailGroup>([address](DirectorySession &s) { return MailGroupOps::show(s, address); },
                    [this](const MailGroup &g) { display(g); });
}

void MailGroupEditor::display(const MailGroup &g)
{
    m_group = g;
    m_domain = g.domain;
    setTitle(tr("Mail group %1").arg(g.address));
    m_info->setText(tr("<b>%1</b> — %n member(s)", nullptr, int(g.members.size())).arg(g.address.toHtmlEscaped()));
    m_members->setAddresses(g.members);
    m_aliases->setAddresses(g.aliases);
}

void MailGroupEditor::listRequest(AddressListSection *list, bool add, const QString &value)
{
    if (m_new) {
        // Create mode: collected, written with the group.
        QStringList l = list->addresses();
        if (add) {
            if (!l.contains(value, Qt::CaseInsensitive))
                l << value;
            list->clearInput();
        } else {
            l.removeAll(value);
        }
        list->setAddresses(l);
        return;
    }
    const QString address = m_group.address;
    std::shared_ptr<Command> command;
    if (list == m_members)
        command = add ? MailCommands::addMailGroupMember(address, value) : MailCommands::removeMailGroupMember(address, value);
    else
        command = add ? MailCommands::addMailGroupAlias(address, value) : MailCommands::removeMailGroupAlias(address, value);
    list->setBusy(true);
    clearErrors();
    context().commands->execute(existing(command), this, [this, list](OpResult<Done> r) {
        list->setBusy(false);
        if (!r.ok()) {
            showError(r.error());
            return;
        }
        list->clearInput();
        load(dn());
    });
}

void MailGroupEditor::save()
{
    if (!m_new)
        return;
    MailGroupOps::MailGroupSpec spec;
    spec.domain = m_domain;
    spec.name = m_name->text().trimmed();
    spec.members = m_members->addresses();
    spec.aliases = m_aliases->addresses();
    execute(MailCommands::addMailGroup(spec), [this, spec] {
        auto name = Validate::mailboxLocalPart(QStringLiteral("name"), spec.name);
        if (name.ok())
            load(MailGroup::dn(context().dit, spec.domain, *name));
    });
}

void MailGroupEditor::remove()
{
    if (m_group.address.isEmpty())
        return;
    if (!confirm(tr("Delete mail group %1? Mail to it will bounce.").arg(m_group.address)))
        return;
    execute(existing(MailCommands::removeMailGroup(m_group.address)), [this] { Q_EMIT finished(); });
}

} // namespace Isp::Console
