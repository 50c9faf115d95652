#include "console/editors/domaineditor.h"

#include "console/editors/mailcommands.h"
#include "core/ops/processqueue.h"
#include "core/validation/domainname.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Isp::Console {

using namespace Isp::Core;
using MailCommands::splitList;

namespace {

struct DomainQueuePlan
{
    QStringList fileHosts; // createDomainDirectories
    QStringList dnsHosts;  // modifyDomain
};

QString joined(const QStringList &l)
{
    return l.join(QStringLiteral(", "));
}

// Once the entry exists its name fields are hidden: core's errors about them go to the banner.
std::shared_ptr<Command> existing(std::shared_ptr<Command> command)
{
    return MailCommands::withErrorsOutside(std::move(command), {QStringLiteral("domain")});
}

} // namespace

DomainEditor::DomainEditor(const ConsoleContext &context, QWidget *parent) : EntityEditor(context, parent)
{
    build();
    reloadOnLiveChanges();
}

void DomainEditor::build()
{
    auto line = [this](const QString &key, const QString &label, const QString &placeholder = {}) {
        auto *e = new QLineEdit(this);
        e->setObjectName(key);
        e->setPlaceholderText(placeholder);
        addField(key, label, e);
        return e;
    };
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("info"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form()->addRow(m_summary);

    m_name = line(QStringLiteral("domain"), tr("Domain"), tr("e.g. example.com (IDN allowed)"));
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("type"));
    // Core's names (DomainSpec::type), shown with what they mean.
    m_type->addItem(tr("primary (its DNS zone is served here)"), QStringLiteral("primary"));
    m_type->addItem(tr("slave (zone transferred from master servers)"), QStringLiteral("slave"));
    m_type->addItem(tr("replica (another name of a hosted domain)"), QStringLiteral("replica"));
    m_type->addItem(tr("nodns (no DNS here)"), QStringLiteral("nodns"));
    addField(QStringLiteral("type"), tr("Type"), m_type);
    m_master = line(QStringLiteral("master"), tr("Mirrors"), tr("the hosted domain a replica mirrors"));
    m_masters = line(QStringLiteral("masters"), tr("Master servers"), tr("IP addresses of the master name servers"));
    m_client = line(QStringLiteral("client"), tr("Client id"), tr("empty: owned by the ISP"));
    m_owner = line(QStringLiteral("owner"), tr("Owner"));
    m_customer = line(QStringLiteral("customer"), tr("Customer reference"));
    m_comment = line(QStringLiteral("comment"), tr("Comment"));
    m_services = line(QStringLiteral("services"), tr("Services"), tr("empty: the catalogue's defaults"));
    m_mailHost = line(QStringLiteral("mail-host"), tr("Mail store host"), tr("default for new mailboxes"));
    m_webHosts = line(QStringLiteral("web-host"), tr("Web hosts"), tr("defaults for new websites"));
    m_fileHost = line(QStringLiteral("file-host"), tr("File server"), tr("empty: a member of fileservergroup"));
    m_dbHost = line(QStringLiteral("db-host"), tr("Database host"));
    m_dnsHosts = line(QStringLiteral("dns-host"), tr("DNS servers"), tr("empty: the members of dnsgroup"));
    m_smtpHosts = line(QStringLiteral("smtp-host"), tr("SMTP servers"), tr("empty: the members of smtpgroup"));
    m_maxAccounts = line(QStringLiteral("max-accounts"), tr("Most mail users"), tr("-1: unlimited; empty: the default"));
    m_maxVhosts = line(QStringLiteral("max-vhosts"), tr("Most websites"), tr("-1: unlimited; empty: the default"));
    m_maxDatabases = line(QStringLiteral("max-databases"), tr("Most databases"), tr("-1: unlimited"));
    m_delivery = new QComboBox(this);
    m_delivery->setObjectName(QStringLiteral("delivery"));
    m_delivery->addItem(tr("local (mailboxes here)"), QStringLiteral("local"));
    m_delivery->addItem(tr("smtp (relayed to the customer's server)"), QStringLiteral("smtp"));
    addField(QStringLiteral("delivery"), tr("Mail delivery"), m_delivery);
    m_password = line(QStringLiteral("password"), tr("Panel password"), tr("the domain owner's login"));
    m_password->setEchoMode(QLineEdit::Password);

    auto *signature = new QWidget(this);
    auto *sl = new QVBoxLayout(signature);
    sl->setContentsMargins(0, 0, 0, 0);
    m_signatureEdit = new QPlainTextEdit(signature);
    m_signatureEdit->setObjectName(QStringLiteral("signature"));
    m_signatureEdit->setMaximumHeight(90);
    m_signatureEdit->setPlaceholderText(tr("appended to the domain's outgoing mail; empty: none"));
    m_saveSignature = new QPushButton(tr("Save signature"), signature);
    m_saveSignature->setObjectName(QStringLiteral("save-signature"));
    sl->addWidget(m_signatureEdit);
    sl->addWidget(m_saveSignature, 0, Qt::AlignLeft);
    addField(QStringLiteral("signature"), tr("Signature"), signature);

    m_setPassword = addButton(tr("Set password"), tr("Sets the panel password typed above (not undoable)."));
    m_setPassword->setObjectName(QStringLiteral("set-password"));
    m_suspend = addButton(tr("Suspend"), tr("Suspends mail, FTP and websites of the domain (undoable)."));
    m_suspend->setObjectName(QStringLiteral("suspend"));
    m_lock = addButton(tr("Lock"), tr("A locked domain refuses every change until it is unlocked (undoable)."));
    m_lock->setObjectName(QStringLiteral("lock"));
    m_delete = addButton(tr("Delete"), tr("Deletes the domain and everything below it (not undoable)."));
    m_delete->setObjectName(QStringLiteral("delete"));

    connect(saveButton(), &QPushButton::clicked, this, &DomainEditor::save);
    connect(m_saveSignature, &QPushButton::clicked, this, &DomainEditor::saveSignature);
    connect(m_setPassword, &QPushButton::clicked, this, &DomainEditor::setPassword);
    connect(m_suspend, &QPushButton::clicked, this, &DomainEditor::toggleSuspended);
    connect(m_lock, &QPushButton::clicked, this, &DomainEditor::toggleLocked);
    connect(m_delete, &QPushButton::clicked, this, &DomainEditor::remove);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        updateTypeFields();
        updatePreview();
    });
    for (QLineEdit *e : {m_fileHost, m_dnsHosts, m_masters})
        connect(e, &QLineEdit::editingFinished, this, &DomainEditor::updatePreview);
    setMode(false);
}

void DomainEditor::setRowVisible(QWidget *field, bool visible)
{
    // addField() wraps each field with its error label in a box: that box is the form's row.
    form()->setRowVisible(field->parentWidget(), visible);
}

void DomainEditor::setMode(bool creating)
{
    m_new = creating;
    for (QWidget *w : std::initializer_list<QWidget *>{m_name, m_type, m_master, m_client})
        setRowVisible(w, creating);
    setRowVisible(m_signatureEdit->parentWidget(), !creating);
    m_summary->setVisible(!creating);
    for (QPushButton *b : {m_setPassword, m_suspend, m_lock, m_delete})
        b->setVisible(!creating);
    m_password->setPlaceholderText(creating ? tr("empty: no panel login yet") : tr("new panel password"));
    updateTypeFields();
}

void DomainEditor::updateTypeFields()
{
    const QString type = m_new ? m_type->currentData().toString() : Domain::typeName(m_info.domain.type);
    setRowVisible(m_master, m_new && type == QLatin1String("replica"));
    setRowVisible(m_masters, type == QLatin1String("slave"));
    // A replica has no account, branches or hosts of its own: mail and websites follow its master.
    const bool own = type != QLatin1String("replica");
    for (QWidget *w : std::initializer_list<QWidget *>{m_mailHost, m_webHosts, m_fileHost, m_dbHost, m_smtpHosts, m_maxAccounts,
                                                       m_maxVhosts, m_maxDatabases, m_delivery})
        setRowVisible(w, own);
    setRowVisible(m_dnsHosts, type != QLatin1String("nodns"));
}

bool DomainEditor::startNew(const LdapDn &container)
{
    if (container != context().dit.base())
        return false;
    m_info = DomainOps::DomainInfo();
    m_signature.clear();
    setDn(LdapDn());
    clearErrors();
    for (QLineEdit *e : {m_name, m_master, m_client, m_owner, m_customer, m_comment, m_services, m_masters, m_mailHost, m_webHosts,
                         m_fileHost, m_dbHost, m_dnsHosts, m_smtpHosts, m_maxAccounts, m_maxVhosts, m_maxDatabases, m_password})
        e->clear();
    m_type->setCurrentIndex(0);
    m_delivery->setCurrentIndex(0);
    setMode(true);
    m_name->setFocus();
    setTitle(tr("New domain"));
    updatePreview();
    return true;
}

void DomainEditor::load(const LdapDn &dn)
{
    setMode(false);
    setDn(dn);
    const QString name = dn.rdnValue();
    read<Loaded>(
        [name](DirectorySession &s) -> OpResult<Loaded> {
            auto info = DomainOps::show(s, name);
            if (!info.ok())
                return info.error();
            auto signature = DomainOps::signature(s, name);
            if (!signature.ok())
                return signature.error();
            return Loaded{*info, *signature};
        },
        [this](const Loaded &loaded) { display(loaded); });
}

void DomainEditor::display(const Loaded &loaded)
{
    m_info = loaded.info;
    m_signature = loaded.signature;
    const Domain &d = m_info.domain;
    setTitle(tr("Domain %1").arg(Validate::domainNameForDisplay(d.name)));
    m_owner->setText(d.owner);
    m_customer->setText(d.customer);
    m_comment->setText(d.comment);
    m_services->setText(joined(d.services));
    m_masters->setText(joined(d.dnsMasters));
    m_mailHost->setText(d.mailDropHost);
    m_webHosts->setText(joined(d.webHosts));
    m_fileHost->setText(d.fileServer);
    m_dbHost->setText(d.dbHost);
    m_dnsHosts->setText(joined(d.dnsHosts));
    m_smtpHosts->setText(joined(d.smtpHosts));
    m_maxAccounts->setText(QString::number(d.maxAccounts));
    m_maxVhosts->setText(QString::number(d.maxVhosts));
    m_maxDatabases->setText(QString::number(d.maxDatabases));
    m_delivery->setCurrentIndex(qMax(0, m_delivery->findData(d.mailDelivery)));
    m_password->clear();
    m_signatureEdit->setPlainText(m_signature);
    m_suspend->setText(d.suspended ? tr("Resume") : tr("Suspend"));
    m_lock->setText(d.locked ? tr("Unlock") : tr("Lock"));

    auto limit = [this](int used, int max) {
        return max < 0 ? tr("%1 (unlimited)").arg(used) : tr("%1 of %2").arg(used).arg(max);
    };
    QStringList state;
    if (d.suspended)
        state << tr("suspended");
    if (d.locked)
        state << tr("locked by %1").arg(d.lockedBy.isEmpty() ? tr("an admin") : d.lockedBy);
    QStringList lines;
    lines << tr("<b>%1</b> — %2%3")
                 .arg(Validate::domainNameForDisplay(d.name).toHtmlEscaped(), Domain::typeName(d.type),
                      state.isEmpty() ? QString() : QStringLiteral(", ") + state.join(QStringLiteral(", ")));
    if (d.type == Domain::Type::Replica) {
        lines << tr("Mirrors %1").arg(d.replicaMaster);
    } else {
        lines << tr("Users %1, websites %2, databases %3")
                     .arg(limit(m_info.users, d.maxAccounts), limit(m_info.websites, d.maxVhosts), limit(m_info.databases, d.maxDatabases));
        lines << tr("Account uid %1, gid %2, %3").arg(d.uidNumber).arg(d.gidNumber).arg(d.homeDirectory.toHtmlEscaped());
    }
    if (d.clientId > 0)
        lines << tr("Client %1 (%2), reseller %3 (%4)")
                     .arg(d.clientId)
                     .arg(d.clientName.toHtmlEscaped())
                     .arg(d.resellerId)
                     .arg(d.resellerName.toHtmlEscaped());
    if (!m_info.replicas.isEmpty())
        lines << tr("Replicas: %1").arg(joined(m_info.replicas));
    if (d.created > 0)
        lines << tr("Created %1").arg(QLocale().toString(QDateTime::fromSecsSinceEpoch(d.created), QLocale::ShortFormat));
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    updateTypeFields();
    updatePreview();
}

DomainOps::DomainChange DomainEditor::change() const
{
    const Domain &d = m_info.domain;
    DomainOps::DomainChange c;
    auto text = [](QLineEdit *e, const QString &old) {
        const QString v = e->text().trimmed();
        return v != old ? std::make_optional(v) : std::nullopt;
    };
    auto list = [](QLineEdit *e, const QStringList &old) {
        const QStringList v = splitList(e->text());
        return v != old ? std::make_optional(v) : std::nullopt;
    };
    c.owner = text(m_owner, d.owner);
    c.customer = text(m_customer, d.customer);
    c.comment = text(m_comment, d.comment);
    c.services = list(m_services, d.services);
    if (d.type == Domain::Type::Slave)
        c.dnsMasters = list(m_masters, d.dnsMasters);
    if (d.type != Domain::Type::NoDns)
        c.dnsHosts = list(m_dnsHosts, d.dnsHosts);
    if (d.type != Domain::Type::Replica) {
        c.mailDropHost = text(m_mailHost, d.mailDropHost);
        c.webHosts = list(m_webHosts, d.webHosts);
        c.fileServer = text(m_fileHost, d.fileServer);
        c.dbHost = text(m_dbHost, d.dbHost);
        c.smtpHosts = list(m_smtpHosts, d.smtpHosts);
        c.maxAccounts = text(m_maxAccounts, QString::number(d.maxAccounts));
        c.maxVhosts = text(m_maxVhosts, QString::number(d.maxVhosts));
        c.maxDatabases = text(m_maxDatabases, QString::number(d.maxDatabases));
        const QString delivery = m_delivery->currentData().toString();
        if (delivery != d.mailDelivery)
            c.mailDelivery = delivery;
    }
    return c;
}

bool DomainEditor::isDirty() const
{
    if (m_new)
        return true;
    const DomainOps::DomainChange c = change();
    return c.owner || c.customer || c.comment || c.mailDropHost || c.fileServer || c.dbHost || c.maxAccounts || c.maxVhosts
        || c.maxDatabases || c.mailDelivery || c.services || c.webHosts || c.dnsHosts || c.smtpHosts || c.dnsMasters
        || !m_password->text().isEmpty() || m_signatureEdit->toPlainText() != m_signature;
}

void DomainEditor::updatePreview()
{
    const quint64 generation = ++m_previewGeneration;
    const bool creating = m_new;
    const QString type = creating ? m_type->currentData().toString() : Domain::typeName(m_info.domain.type);
    const QStringList dnsHosts = splitList(m_dnsHosts->text());
    const QString fileHost = m_fileHost->text().trimmed();
    if (!creating) {
        const DomainOps::DomainChange c = change();
        if (!c.dnsHosts && !c.dnsMasters) {
            setQueuePreview({}, {});
            saveButton()->setToolTip(tr("Nothing is queued for the hosts unless the DNS servers or masters change."));
            return;
        }
    }
    if (creating && type == QLatin1String("replica")) {
        setQueuePreview({}, {});
        return;
    }
    read<DomainQueuePlan>(
        [=](DirectorySession &s) -> OpResult<DomainQueuePlan> {
            DomainQueuePlan plan;
            if (creating) {
                auto files = targetHosts(s, fileHost.isEmpty() ? QStringList() : QStringList{fileHost}, QStringLiteral("fileservergroup"));
                if (!files.ok())
                    return files.error();
                plan.fileHosts = *files;
            }
            if (type != QLatin1String("nodns")) {
                auto dns = targetHosts(s, dnsHosts, QStringLiteral("dnsgroup"));
                if (!dns.ok())
                    return dns.error();
                plan.dnsHosts = *dns;
            }
            return plan;
        },
        [this, generation](const DomainQueuePlan &plan) {
            if (generation != m_previewGeneration)
                return;
            if (plan.fileHosts.isEmpty())
                setQueuePreview(QStringLiteral("modifyDomain"), plan.dnsHosts);
            else if (plan.dnsHosts.isEmpty())
                setQueuePreview(QStringLiteral("createDomainDirectories"), plan.fileHosts);
            else
                setQueuePreview(tr("createDomainDirectories on %1 and modifyDomain").arg(joined(plan.fileHosts)), plan.dnsHosts);
        });
}

void DomainEditor::save()
{
    if (m_new) {
        saveNew();
        return;
    }
    if (name().isEmpty())
        return;
    const DomainOps::DomainChange c = change();
    const bool anything = c.owner || c.customer || c.comment || c.mailDropHost || c.fileServer || c.dbHost || c.maxAccounts
        || c.maxVhosts || c.maxDatabases || c.mailDelivery || c.services || c.webHosts || c.dnsHosts || c.smtpHosts || c.dnsMasters;
    if (!anything) {
        if (!m_password->text().isEmpty())
            setPassword();
        else if (m_signatureEdit->toPlainText() != m_signature)
            saveSignature();
        else
            showMessage(tr("Nothing changed."));
        return;
    }
    execute(existing(MailCommands::editDomain(name(), c)), [this] { load(dn()); });
}

void DomainEditor::saveNew()
{
    DomainOps::DomainSpec spec;
    spec.name = m_name->text().trimmed();
    spec.type = m_type->currentData().toString();
    spec.owner = m_owner->text().trimmed();
    spec.customer = m_customer->text().trimmed();
    spec.comment = m_comment->text().trimmed();
    spec.services = splitList(m_services->text());
    spec.replicaMaster = spec.type == QLatin1String("replica") ? m_master->text().trimmed() : QString();
    spec.dnsMasters = spec.type == QLatin1String("slave") ? splitList(m_masters->text()) : QStringList();
    if (spec.type != QLatin1String("replica")) {
        spec.mailDropHost = m_mailHost->text().trimmed();
        spec.webHosts = splitList(m_webHosts->text());
        spec.fileServer = m_fileHost->text().trimmed();
        spec.dbHost = m_dbHost->text().trimmed();
        spec.smtpHosts = splitList(m_smtpHosts->text());
        spec.maxAccounts = m_maxAccounts->text().trimmed();
        spec.maxVhosts = m_maxVhosts->text().trimmed();
        spec.maxDatabases = m_maxDatabases->text().trimmed();
        spec.mailDelivery = m_delivery->currentData().toString();
    }
    if (spec.type != QLatin1String("nodns"))
        spec.dnsHosts = splitList(m_dnsHosts->text());
    spec.clientId = m_client->text().trimmed();
    spec.password = m_password->text();
    execute(MailCommands::addDomain(spec), [this, typed = spec.name] {
        auto name = Validate::domainName(QStringLiteral("domain"), typed);
        if (name.ok())
            load(context().dit.domain(*name));
    });
}

void DomainEditor::saveSignature()
{
    if (name().isEmpty())
        return;
    execute(existing(MailCommands::setDomainSignature(name(), m_signatureEdit->toPlainText())), [this] { load(dn()); });
}

void DomainEditor::setPassword()
{
    if (name().isEmpty())
        return;
    clearErrors();
    m_setPassword->setEnabled(false);
    MailCommands::runOutsideHistory(context().backend, this, existing(MailCommands::setDomainPassword(name(), m_password->text())),
                                    [this](OpResult<Done> r) {
                                        m_setPassword->setEnabled(true);
                                        if (!r.ok()) {
                                            showError(r.error());
                                            return;
                                        }
                                        m_password->clear();
                                        showMessage(tr("The panel password of %1 is set.").arg(name()));
                                    });
}

void DomainEditor::toggleSuspended()
{
    if (!name().isEmpty())
        execute(existing(MailCommands::setDomainSuspended(name(), !m_info.domain.suspended)), [this] { load(dn()); });
}

void DomainEditor::toggleLocked()
{
    if (!name().isEmpty())
        execute(existing(MailCommands::setDomainLocked(name(), !m_info.domain.locked)), [this] { load(dn()); });
}

void DomainEditor::remove()
{
    if (name().isEmpty())
        return;
    if (!confirm(tr("Delete domain %1 with its %2 users, %3 websites and %4 databases, its DNS zone and its files on the hosts? "
                    "This cannot be undone.")
                     .arg(name())
                     .arg(m_info.users)
                     .arg(m_info.websites)
                     .arg(m_info.databases)))
        return;
    execute(existing(MailCommands::removeDomain(name())), [this] { Q_EMIT finished(); });
}

} // namespace Isp::Console
