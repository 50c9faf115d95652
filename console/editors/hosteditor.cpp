#include "console/editors/hosteditor.h"

#include "console/editors/infracommands.h"
#include "core/ops/hostops.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimer>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

QLabel *agentLabel(QWidget *parent, const char *name)
{
    auto *l = new QLabel(parent);
    l->setObjectName(QLatin1String(name));
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}

} // namespace

HostEditor::HostEditor(const ConsoleContext &context, QWidget *parent)
    : EntityEditor(context, parent), m_watch(new InfraEntryWatch(context.live, this)), m_ageTimer(new QTimer(this))
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("web2.example.net"));
    addField(QStringLiteral("name"), tr("Host name"), m_name);
    m_ip = new QLineEdit(this);
    m_ip->setObjectName(QStringLiteral("ip"));
    addField(QStringLiteral("ip"), tr("IP address"), m_ip);
    m_aliases = new QLineEdit(this);
    m_aliases->setObjectName(QStringLiteral("aliases"));
    m_aliases->setToolTip(tr("Other names its agent answers to, separated by spaces."));
    addField(QStringLiteral("aliases"), tr("Aliases"), m_aliases, { QStringLiteral("alias") });
    m_info = new QLineEdit(this);
    m_info->setObjectName(QStringLiteral("info"));
    addField(QStringLiteral("info"), tr("Info"), m_info);
    m_groups = new QLineEdit(this);
    m_groups->setObjectName(QStringLiteral("groups"));
    m_groups->setToolTip(tr("Host groups (roles) it is a member of; change them in each group."));
    addField(QStringLiteral("groups"), tr("Host groups"), m_groups, { QStringLiteral("group") });
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setToolTip(tr("The password the host's agent binds to the directory with."));
    addField(QStringLiteral("password"), tr("Agent password"), m_password);

    // What the agent reports about itself: written by the agent, never by the console.
    auto *box = new QGroupBox(tr("Agent"), this);
    box->setObjectName(QStringLiteral("agentBox"));
    auto *agentForm = new QFormLayout(box);
    m_alive = agentLabel(box, "agentAlive");
    m_heartbeat = agentLabel(box, "agentHeartbeat");
    m_state = agentLabel(box, "agentState");
    m_version = agentLabel(box, "agentVersion");
    m_queue = agentLabel(box, "agentQueue");
    m_failures = agentLabel(box, "agentFailures");
    m_lastError = agentLabel(box, "agentLastError");
    agentForm->addRow(tr("Status"), m_alive);
    agentForm->addRow(tr("Last heartbeat"), m_heartbeat);
    agentForm->addRow(tr("State"), m_state);
    agentForm->addRow(tr("Version"), m_version);
    agentForm->addRow(tr("Queue depth"), m_queue);
    agentForm->addRow(tr("Failures"), m_failures);
    agentForm->addRow(tr("Last error"), m_lastError);
    m_agentBox = box;
    addSection(box);

    m_setPassword = addButton(tr("Set agent password"), tr("Sets the password now; it cannot be undone."));
    m_setPassword->setObjectName(QStringLiteral("setPassword"));
    m_delete = addButton(tr("Delete"), tr("Deletes the host; refused while anything still refers to it."));
    m_delete->setObjectName(QStringLiteral("delete"));

    connect(saveButton(), &QPushButton::clicked, this, &HostEditor::save);
    connect(m_setPassword, &QPushButton::clicked, this, &HostEditor::setAgentPassword);
    connect(m_delete, &QPushButton::clicked, this, &HostEditor::remove);
    connect(m_watch, &InfraEntryWatch::changed, this, [this](const LdapEntry &entry) {
        Host live = Host::fromEntry(entry);
        live.groups = m_host.groups; // kept on the groups, not on the host entry
        // Someone else (or an undo) changed the host: follow, unless the admin is typing.
        if (formMatches(m_host))
            showHost(live);
        else
            m_host = live;
        showAgent(live);
    });
    connect(m_watch, &InfraEntryWatch::removed, this, [this] {
        if (m_deleting)
            return;
        showMessage(tr("This host was deleted."));
        Q_EMIT finished();
    });
    // The heartbeat ages without any write: re-evaluate alive/late/dead on a timer.
    m_ageTimer->setInterval(5000);
    connect(m_ageTimer, &QTimer::timeout, this, &HostEditor::updateAge);
    setCreating(false);
}

HostEditor::Liveness HostEditor::liveness(const QDateTime &heartbeat, const QDateTime &now)
{
    if (!heartbeat.isValid())
        return Liveness::Never;
    const qint64 age = heartbeat.secsTo(now);
    if (age <= 60)
        return Liveness::Alive;
    if (age <= 300)
        return Liveness::Late;
    return Liveness::Dead;
}

void HostEditor::setCreating(bool creating)
{
    m_creating = creating;
    m_name->setReadOnly(!creating);
    m_groups->setReadOnly(!creating);
    m_groups->setPlaceholderText(creating ? tr("httpgroup smtpgroup ... (to join)") : QString());
    form()->setRowVisible(m_password->parentWidget(), !creating);
    m_setPassword->setVisible(!creating);
    m_delete->setVisible(!creating);
    m_agentBox->setVisible(!creating);
    if (creating)
        m_ageTimer->stop();
    else
        m_ageTimer->start();
}

void HostEditor::load(const LdapDn &dn)
{
    m_deleting = false;
    setCreating(false);
    setDn(dn);
    const QString name = dn.rdnValue();
    setTitle(tr("Host %1").arg(name));
    read<Host>([name](DirectorySession &s) { return HostOps::show(s, name); },
        [this](const Host &h) {
            showHost(h);
            showAgent(h);
        });
    m_watch->watch(dn);
}

bool HostEditor::startNew(const LdapDn &container)
{
    if (!(container == context().dit.hosts()))
        return false;
    setCreating(true);
    setDn(LdapDn());
    m_watch->clear();
    m_host = Host();
    for (QLineEdit *e : { m_name, m_ip, m_aliases, m_info, m_groups, m_password })
        e->clear();
    clearErrors();
    setTitle(tr("New host"));
    m_name->setFocus();
    return true;
}

void HostEditor::showHost(const Host &h)
{
    m_host = h;
    m_name->setText(h.name);
    m_ip->setText(h.ip);
    m_aliases->setText(h.aliases.join(QLatin1Char(' ')));
    m_info->setText(h.info);
    m_groups->setText(h.groups.join(QLatin1Char(' ')));
}

bool HostEditor::formMatches(const Host &h) const
{
    return m_ip->text().trimmed() == h.ip && splitWords(m_aliases->text()) == h.aliases && m_info->text() == h.info;
}

void HostEditor::showAgent(const Host &h)
{
    m_host.agentHeartbeat = h.agentHeartbeat;
    m_state->setText(h.agentState.isEmpty() ? tr("-") : h.agentState);
    m_version->setText(h.agentVersion.isEmpty() ? tr("-") : h.agentVersion);
    m_queue->setText(QString::number(h.agentQueueDepth));
    m_failures->setText(QString::number(h.agentFailures));
    m_lastError->setText(h.agentLastError.isEmpty() ? tr("none") : h.agentLastError);
    updateAge();
}

void HostEditor::updateAge()
{
    const QDateTime beat = m_host.agentHeartbeat;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (liveness(beat, now)) {
    case Liveness::Never:
        m_alive->setText(tr("never seen"));
        m_alive->setStyleSheet({});
        m_heartbeat->setText(tr("-"));
        return;
    case Liveness::Alive:
        m_alive->setText(tr("alive"));
        m_alive->setStyleSheet(QStringLiteral("color: #1e7e34;"));
        break;
    case Liveness::Late:
        m_alive->setText(tr("late"));
        m_alive->setStyleSheet(QStringLiteral("color: #8a6d00;"));
        break;
    case Liveness::Dead:
        m_alive->setText(tr("dead"));
        m_alive->setStyleSheet(QStringLiteral("color: #b00020;"));
        break;
    }
    const qint64 age = std::max<qint64>(0, beat.secsTo(now));
    m_heartbeat->setText(tr("%1 (%2 s ago)").arg(beat.toLocalTime().toString(Qt::ISODate)).arg(age));
}

void HostEditor::save()
{
    if (m_creating) {
        HostOps::HostSpec spec { m_name->text().trimmed(), m_ip->text().trimmed(), splitWords(m_aliases->text()),
            m_info->text(), splitWords(m_groups->text()) };
        auto created = std::make_shared<Host>();
        execute(InfraCommands::addHost(spec, created), [this, created] { load(context().dit.host(created->name)); });
        return;
    }
    HostOps::HostChange change;
    if (m_ip->text().trimmed() != m_host.ip)
        change.ip = m_ip->text().trimmed();
    if (splitWords(m_aliases->text()) != m_host.aliases)
        change.aliases = splitWords(m_aliases->text());
    if (m_info->text() != m_host.info)
        change.info = m_info->text();
    if (!change.ip && !change.aliases && !change.info) {
        showMessage(tr("Nothing to save."));
        return;
    }
    execute(InfraCommands::editHost(m_host.name, change), [this] { load(dn()); });
}

void HostEditor::setAgentPassword()
{
    const QString password = m_password->text();
    execute(InfraCommands::setHostPassword(m_host.name, password), [this] {
        m_password->clear();
        showMessage(tr("The agent's password is set. Give it to the agent's configuration on %1.").arg(m_host.name));
    });
}

void HostEditor::remove()
{
    if (!confirm(tr("Delete host %1? This cannot be undone.").arg(m_host.name)))
        return;
    m_deleting = true;
    execute(InfraCommands::removeHost(m_host.name), [this] {
        m_watch->clear();
        showMessage(tr("Host %1 was deleted.").arg(m_host.name));
        Q_EMIT finished();
    });
}

} // namespace Isp::Console
