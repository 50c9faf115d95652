#include "agent/worker.h"

#include "core/model/host.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcWorker, "isp.agent.worker", QtInfoMsg)

namespace Isp::Agent {

namespace {

const QString kStatus = QStringLiteral("ispmanStatus");
const QString kOwner = QStringLiteral("ispmanProcessOwner");
const QString kLease = QStringLiteral("ispmanProcessLeaseUntil");
const QString kAttempts = QStringLiteral("ispmanProcessAttempts");
const QString kNextRetry = QStringLiteral("ispmanProcessNextRetry");
const QString kMessage = QStringLiteral("ispmanMessage");

QString generalized(const QDateTime &t)
{
    return Core::toGeneralizedTime(t);
}

} // namespace

Worker::Worker(const Core::LdapConnectionSettings &settings, const Core::Dit &dit, const Shared &shared)
    : m_settings(settings), m_dit(dit), m_shared(shared)
{
}

Worker::~Worker() = default;

Core::DirectorySession &Worker::session()
{
    if (!m_session)
        m_session = std::make_unique<Core::DirectorySession>(m_settings, m_dit);
    return *m_session;
}

void Worker::shutdown()
{
    m_session.reset();
}

std::chrono::seconds Worker::backoff(int attempts, std::chrono::seconds initial, std::chrono::seconds max)
{
    qint64 delay = std::max<qint64>(1, initial.count());
    for (int i = 1; i < attempts && delay < max.count(); ++i)
        delay *= 2;
    return std::chrono::seconds(std::min<qint64>(delay, max.count()));
}

RunResult Worker::execute(const QueuedProcess &item, const QStringList &hostNames)
{
    QElapsedTimer clock;
    clock.start();
    const Core::Process &p = item.process;
    const Core::LdapDn dn = m_dit.process(p.pid);
    Handler *handler = m_shared.handlers.value(p.name);
    const QString service = handler ? handler->service() : QStringLiteral("none");

    // Claim: only the state we saw may be taken over.
    Core::LdapWriteOptions claim;
    switch (item.claim) {
    case QueuedProcess::Claim::New:
        claim.assertion = Core::LdapFilter::equals(kStatus, QStringLiteral("new"));
        break;
    case QueuedProcess::Claim::Retry:
        claim.assertion = Core::LdapFilter::allOf({Core::LdapFilter::equals(kStatus, QStringLiteral("error")),
                                                   Core::LdapFilter::equals(QStringLiteral("entryCSN"), item.csn)});
        break;
    case QueuedProcess::Claim::Stale:
        claim.assertion = Core::LdapFilter::equals(QStringLiteral("entryCSN"), item.csn);
        break;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto claimed = session().modify(dn, {Core::LdapModification::replace(kStatus, QStringLiteral("running")),
                                         Core::LdapModification::replace(kOwner, m_shared.owner),
                                         Core::LdapModification::replace(kLease, generalized(now.addSecs(m_shared.config->lease.count())))},
                                    claim);
    if (!claimed.ok()) {
        RunResult lost;
        lost.service = service;
        lost.message = claimed.error().toString();
        if (claimed.error().code() != Core::LdapCode::AssertionFailed && claimed.error().code() != Core::LdapCode::NoSuchObject)
            qCWarning(lcWorker).noquote() << "claiming process" << p.pid << "failed:" << claimed.error().toString();
        return lost;
    }

    Outcome outcome;
    if (!handler) {
        QStringList known = m_shared.handlers.keys();
        known.sort();
        outcome = Outcome::failed(QStringLiteral("this agent has no handler for \"%1\" (it runs: %2)").arg(p.name.left(80), known.join(QStringLiteral(", "))));
    } else {
        HandlerContext ctx{session(), *m_shared.config, *m_shared.paths, *m_shared.commands, *m_shared.reloader, m_shared.config->hostName, hostNames};
        outcome = handler->run(p, ctx);
    }
    return finish(p, outcome, service, clock.nsecsElapsed() / 1000);
}

RunResult Worker::finish(const Core::Process &p, const Outcome &outcome, const QString &service, qint64 startedUs)
{
    const Core::LdapDn dn = m_dit.process(p.pid);
    RunResult r;
    r.service = service;
    r.message = outcome.message;
    r.changed = outcome.changed;
    r.runMicroseconds = startedUs;
    Core::LdapWriteOptions mine;
    mine.assertion = Core::LdapFilter::equals(kOwner, m_shared.owner);
    if (outcome.ok) {
        auto removed = session().remove(dn, mine);
        if (!removed.ok() && removed.error().code() != Core::LdapCode::NoSuchObject)
            qCWarning(lcWorker).noquote() << "process" << p.pid << "was done but could not be deleted:" << removed.error().toString();
        r.kind = RunResult::Kind::Done;
        const double apply = p.created.isValid() ? double(p.created.msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0 : -1.0;
        m_shared.metrics->processDone(service, apply, outcome.changed);
        qCInfo(lcWorker).noquote() << p.name << p.pid << "done" << (outcome.message.isEmpty() ? QString() : outcome.message);
        return r;
    }
    r.kind = RunResult::Kind::Failed;
    r.attempts = p.attempts + 1;
    r.nextRetry = QDateTime::currentDateTimeUtc().addSecs(backoff(r.attempts, m_shared.config->retryInitial, m_shared.config->retryMax).count());
    QString message = outcome.message.isEmpty() ? QStringLiteral("failed (no reason given)") : outcome.message;
    if (message.size() > 4000)
        message = message.left(4000) + QStringLiteral("...");
    Core::LdapWriteOptions markOptions = mine;
    markOptions.postRead = QStringList{QStringLiteral("entryCSN")};
    auto marked = session().modify(dn, {Core::LdapModification::replace(kStatus, QStringLiteral("error")),
                                        Core::LdapModification::replace(kMessage, message),
                                        Core::LdapModification::replace(kAttempts, QString::number(r.attempts)),
                                        Core::LdapModification::replace(kNextRetry, generalized(r.nextRetry)),
                                        Core::LdapModification{Core::LdapModification::Op::Replace, kLease, {}}},
                                   markOptions);
    if (marked.ok() && marked->postRead)
        r.csn = marked->postRead->text(QStringLiteral("entryCSN"));
    if (!marked.ok())
        qCWarning(lcWorker).noquote() << "process" << p.pid << "failed and could not be marked:" << marked.error().toString();
    m_shared.metrics->processFailed(service);
    qCWarning(lcWorker).noquote() << p.name << p.pid << "failed (attempt" << r.attempts << "):" << message;
    return r;
}

QList<std::pair<QString, ReconcileReport>> Worker::reconcile(const QStringList &hostNames)
{
    QList<std::pair<QString, ReconcileReport>> out;
    for (Handler *h : std::as_const(m_shared.all)) {
        HandlerContext ctx{session(), *m_shared.config, *m_shared.paths, *m_shared.commands, *m_shared.reloader, m_shared.config->hostName, hostNames};
        ReconcileReport report = h->reconcile(ctx);
        m_shared.metrics->reconciled(h->service(), report.checked, report.repaired, int(report.problems.size()));
        out.append({h->service(), report});
    }
    return out;
}

} // namespace Isp::Agent
