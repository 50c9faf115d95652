#include "console/editors/processeditor.h"

#include "console/editors/infracommands.h"
#include "core/ops/processops.h"

#include <QLabel>
#include <QPushButton>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(Qt::ISODate) : QStringLiteral("-");
}

} // namespace

ProcessEditor::ProcessEditor(const ConsoleContext &context, QWidget *parent)
    : EntityEditor(context, parent), m_watch(new InfraEntryWatch(context.live, this))
{
    auto field = [this](const char *name, const QString &label) {
        auto *l = new QLabel(this);
        l->setObjectName(QLatin1String(name));
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        addField(QLatin1String(name), label, l);
        return l;
    };
    m_name = field("process", tr("Process"));
    m_host = field("host", tr("Host"));
    m_domain = field("domain", tr("Domain"));
    m_target = field("target", tr("Object"));
    m_status = field("status", tr("Status"));
    m_attempts = field("attempts", tr("Attempts"));
    m_message = field("message", tr("Message"));
    m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_user = field("user", tr("Asked by"));
    m_params = field("params", tr("Parameters"));
    m_created = field("created", tr("Queued at"));
    m_nextRetry = field("nextRetry", tr("Next retry"));
    m_owner = field("owner", tr("Run by"));

    // Nothing here is edited: the process is the agent's.
    saveButton()->hide();
    m_retry = addButton(tr("Retry"), tr("Queues the failed process again for its host's agent."));
    m_retry->setObjectName(QStringLiteral("retry"));
    m_delete = addButton(tr("Delete"), tr("Drops the process; the work is not done."));
    m_delete->setObjectName(QStringLiteral("delete"));
    connect(m_retry, &QPushButton::clicked, this, &ProcessEditor::retry);
    connect(m_delete, &QPushButton::clicked, this, &ProcessEditor::remove);
    connect(
        m_watch, &InfraEntryWatch::changed, this, [this](const LdapEntry &e) { showProcess(Process::fromEntry(e)); });
    connect(m_watch, &InfraEntryWatch::removed, this, [this] {
        if (!m_deleting)
            done(tr("Done: the agent of %1 has finished %2.").arg(m_process.host, m_process.name));
    });
}

void ProcessEditor::load(const LdapDn &dn)
{
    m_deleting = false;
    setDn(dn);
    const QString pid = dn.rdnValue();
    setTitle(tr("Process %1").arg(pid));
    m_retry->setEnabled(true);
    m_delete->setEnabled(true);
    read<Process>(
        [pid](DirectorySession &s) { return ProcessOps::show(s, pid); }, [this](const Process &p) { showProcess(p); });
    m_watch->watch(dn);
}

void ProcessEditor::showProcess(const Process &p)
{
    m_process = p;
    setTitle(tr("Process %1: %2 on %3").arg(p.pid).arg(p.name, p.host));
    m_name->setText(p.name);
    m_host->setText(p.host);
    m_domain->setText(p.domain.isEmpty() ? tr("-") : p.domain);
    m_target->setText(p.target);
    m_status->setText(p.status);
    m_attempts->setText(QString::number(p.attempts));
    m_message->setText(p.message.isEmpty() ? tr("-") : p.message);
    m_user->setText(p.user);
    QStringList params;
    for (const auto &[k, v] : p.params)
        params << QStringLiteral("%1=%2").arg(k, v);
    m_params->setText(params.isEmpty() ? tr("-") : params.join(QStringLiteral(", ")));
    m_created->setText(timeText(p.created));
    m_nextRetry->setText(timeText(p.nextRetry));
    m_owner->setText(p.owner.isEmpty() ? tr("-") : tr("%1 until %2").arg(p.owner, timeText(p.leaseUntil)));
    // Core retries only failed processes; say so before the click rather than after.
    m_retry->setEnabled(p.status == QLatin1String("error"));
}

void ProcessEditor::done(const QString &why)
{
    m_watch->clear();
    m_status->setText(tr("done"));
    m_retry->setEnabled(false);
    m_delete->setEnabled(false);
    showMessage(why);
    Q_EMIT finished();
}

void ProcessEditor::retry()
{
    execute(InfraCommands::retryProcess(m_process.pid), [this] { load(dn()); });
}

void ProcessEditor::remove()
{
    if (!confirm(tr("Delete process %1 (%2 on %3)? The work will not be done.")
                     .arg(m_process.pid)
                     .arg(m_process.name, m_process.host)))
        return;
    m_deleting = true;
    execute(InfraCommands::removeProcess(m_process.pid),
        [this] { done(tr("Process %1 was deleted.").arg(m_process.pid)); });
}

} // namespace Isp::Console
