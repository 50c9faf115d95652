#include "agent/agent.h"

#include "agent/metricsserver.h"
#include "agent/worker.h"

#include "core/model/host.h"
#include "core/validation/domainname.h"

#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>

Q_LOGGING_CATEGORY(lcAgent, "isp.agent", QtInfoMsg)

#ifndef ISPMAN_VERSION
#define ISPMAN_VERSION "0"
#endif

namespace Isp::Agent {

namespace {

const QString kStatus = QStringLiteral("ispmanStatus");

QString instanceId()
{
    return QString::number(QRandomGenerator::system()->generate64(), 16);
}

} // namespace

Agent::Agent(AgentConfig config, std::vector<std::unique_ptr<Handler>> handlers, QObject *parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_handlers(std::move(handlers)),
      m_dit(Core::LdapDn::parse(m_config.base).value_or(Core::LdapDn())),
      m_paths(m_config.root),
      m_reloader(std::make_unique<ServiceReloader>(m_commands)),
      m_state(m_config.stateDir),
      m_owner(m_config.hostName + QLatin1Char('/') + instanceId()),
      m_hostNames{m_config.hostName.toLower()}
{
}

Agent::~Agent()
{
    if (m_processSync)
        m_processSync->stop();
    if (m_hostSync)
        m_hostSync->stop();
    QList<Slot> all = m_slots;
    all << m_reconcileSlot;
    for (Slot &s : all) {
        if (s.thread) {
            Worker *w = s.worker;
            QMetaObject::invokeMethod(w, [w] { w->shutdown(); }, Qt::BlockingQueuedConnection);
            s.thread->quit();
            s.thread->wait();
            delete s.worker; // its thread has ended: deleting it here is safe
            delete s.thread;
        }
    }
}

quint16 Agent::metricsPort() const
{
    return m_metricsServer ? m_metricsServer->port() : 0;
}

Core::LdapDn Agent::hostDn() const
{
    return m_dit.host(m_config.hostName);
}

QString Agent::subscription() const
{
    QStringList names = m_hostNames;
    names.sort();
    return m_dit.base().toString() + QLatin1Char('|') + names.join(QLatin1Char(','));
}

bool Agent::start(QString *error)
{
    if (m_dit.base().isEmpty()) {
        *error = QStringLiteral("ldap.base: \"%1\" is not a DN").arg(m_config.base);
        return false;
    }
    m_settings.uris = m_config.uris;
    m_settings.startTls = m_config.startTls;
    m_settings.caCertificateFile = m_config.caFile;
    m_settings.autoReconnect = true;
    if (m_config.saslExternal) {
        m_settings.bindMethod = Core::LdapConnectionSettings::BindMethod::SaslExternal;
    } else {
        QFile f(m_config.passwordFile);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("ldap.password-file: cannot read %1: %2").arg(m_config.passwordFile, f.errorString());
            return false;
        }
        QByteArray pw = f.readAll();
        while (pw.endsWith('\n') || pw.endsWith('\r'))
            pw.chop(1);
        m_settings.bindMethod = Core::LdapConnectionSettings::BindMethod::Simple;
        m_settings.bindDn = m_config.bindDn;
        m_settings.password = pw;
    }

    Worker::Shared shared;
    shared.config = &m_config;
    shared.paths = &m_paths;
    shared.commands = &m_commands;
    shared.reloader = m_reloader.get();
    shared.metrics = &m_metrics;
    shared.owner = m_owner;
    for (const auto &h : m_handlers) {
        shared.all << h.get();
        for (const QString &name : h->processes())
            shared.handlers.insert(name, h.get());
    }
    auto makeSlot = [&](const QString &name) {
        Slot s;
        s.thread = new QThread;
        s.thread->setObjectName(name);
        s.worker = new Worker(m_settings, m_dit, shared);
        s.worker->moveToThread(s.thread);
        s.thread->start();
        return s;
    };
    for (int i = 0; i < m_config.workers; ++i)
        m_slots << makeSlot(QStringLiteral("worker-%1").arg(i));
    m_reconcileSlot = makeSlot(QStringLiteral("reconcile"));

    if (m_config.metricsPort >= 0) {
        m_metricsServer = new MetricsServer(m_metrics, this);
        QHostAddress address;
        if (!address.setAddress(m_config.metricsAddress)) {
            *error = QStringLiteral("agent.metrics-address: \"%1\" is not an IP address").arg(m_config.metricsAddress);
            return false;
        }
        if (!m_metricsServer->listen(address, quint16(m_config.metricsPort), error))
            return false;
    }

    m_dueTimer = new QTimer(this);
    m_dueTimer->setSingleShot(true);
    connect(m_dueTimer, &QTimer::timeout, this, &Agent::dispatch);
    m_heartbeatTimer = new QTimer(this);
    connect(m_heartbeatTimer, &QTimer::timeout, this, [this] { writeStatus(QStringLiteral("running")); });
    m_heartbeatTimer->start(std::chrono::milliseconds(std::max<qint64>(1, m_config.heartbeatInterval.count()) * 1000));
    if (m_config.reconcileInterval.count() > 0) {
        m_reconcileTimer = new QTimer(this);
        connect(m_reconcileTimer, &QTimer::timeout, this, &Agent::reconcileNow);
        m_reconcileTimer->start(std::chrono::milliseconds(m_config.reconcileInterval.count() * 1000));
    }

    m_connection = std::make_unique<Core::LdapConnection>(m_settings);
    connect(m_connection.get(), &Core::LdapConnection::connected, this, [this](const QString &uri) {
        qCInfo(lcAgent).noquote() << "connected to" << uri;
        m_metrics.setConnected(true);
    });
    connect(m_connection.get(), &Core::LdapConnection::connectionLost, this, [this](const Core::LdapError &e) {
        qCWarning(lcAgent).noquote() << "lost the directory:" << e.toString();
        m_metrics.setConnected(false);
    });
    connect(m_connection.get(), &Core::LdapConnection::connectFailed, this, [](const Core::LdapError &e, bool willRetry) {
        qCWarning(lcAgent).noquote() << "cannot reach the directory:" << e.toString() << (willRetry ? "(retrying)" : "");
    });
    m_connection->open();
    m_started = QDateTime::currentDateTimeUtc();
    startHostSync();
    writeStatus(QStringLiteral("starting"));
    qCInfo(lcAgent).noquote() << "agent" << m_owner << "started; handlers for" << shared.handlers.keys().join(QStringLiteral(", "));
    return true;
}

void Agent::startHostSync()
{
    m_hostSync = new Core::LdapSyncConsumer(m_connection.get(), this);
    Core::LdapSearchRequest r;
    r.base = hostDn();
    r.scope = Core::LdapScope::Base;
    r.attributes = {QStringLiteral("ispmanHostAlias")};
    m_hostSync->setRequest(r);
    connect(m_hostSync, &Core::LdapSyncConsumer::changed, this, &Agent::onHostEvent);
    connect(m_hostSync, &Core::LdapSyncConsumer::refreshDone, this, [this] {
        if (m_hostRefreshed)
            return;
        m_hostRefreshed = true;
        if (m_hostSync->knownEntries().isEmpty())
            qCWarning(lcAgent).noquote() << "host" << m_config.hostName << "is not in the directory (ispman host add): it gets work only by that name";
        startProcessSync(true);
    });
    connect(m_hostSync, &Core::LdapSyncConsumer::errorOccurred, this,
            [](const Core::LdapError &e) { qCWarning(lcAgent).noquote() << "host subscription:" << e.toString(); });
    m_hostSync->start();
}

void Agent::onHostEvent(const Core::LdapSyncEvent &event)
{
    QStringList names{m_config.hostName.toLower()};
    if (event.type != Core::LdapSyncEvent::Type::Deleted) {
        for (const QString &alias : event.entry.texts(QStringLiteral("ispmanHostAlias"))) {
            auto valid = Core::Validate::hostName(QStringLiteral("alias"), alias);
            if (valid.ok() && !names.contains(*valid))
                names << *valid;
            else if (!valid.ok())
                qCWarning(lcAgent).noquote() << "ignoring host alias" << alias.left(80) << ":" << valid.error().message;
        }
    }
    if (names == m_hostNames)
        return;
    m_hostNames = names;
    qCInfo(lcAgent).noquote() << "this host answers to" << names.join(QStringLiteral(", "));
    Q_EMIT hostNamesChanged(names);
    if (m_hostRefreshed)
        startProcessSync(false);
}

void Agent::startProcessSync(bool resume)
{
    QHash<QByteArray, Core::LdapDn> known;
    QByteArray cookie;
    if (m_processSync) {
        known = m_processSync->knownEntries();
        m_processSync->stop();
        m_processSync->deleteLater();
        m_processSync = nullptr;
    }
    if (resume) {
        SyncState saved;
        QString error;
        if (!m_state.load(&saved, &error))
            qCWarning(lcAgent).noquote() << "ignoring the saved state:" << error;
        else if (saved.subscription == subscription()) {
            cookie = saved.cookie;
            known = saved.known;
            m_savedCookie = cookie;
        } else if (!saved.subscription.isEmpty()) {
            qCInfo(lcAgent) << "the host's names changed since the state was saved: full refresh";
        }
    }
    QList<Core::LdapFilter> hosts;
    for (const QString &n : std::as_const(m_hostNames))
        hosts << Core::LdapFilter::equals(QStringLiteral("ispmanHostName"), n);
    Core::LdapSearchRequest r;
    r.base = m_dit.processes();
    r.scope = Core::LdapScope::OneLevel;
    r.filter = Core::LdapFilter::allOf({Core::LdapFilter::objectClass(QStringLiteral("ispmanProcesses")), Core::LdapFilter::anyOf(hosts)});
    r.attributes = {QStringLiteral("*"), QStringLiteral("entryCSN")};
    m_processSync = new Core::LdapSyncConsumer(m_connection.get(), this);
    m_processSync->setRequest(r);
    m_processSync->setCookie(cookie);
    m_processSync->setKnownEntries(known);
    connect(m_processSync, &Core::LdapSyncConsumer::changed, this, &Agent::onProcessEvent);
    connect(m_processSync, &Core::LdapSyncConsumer::cookieChanged, this, [this](const QByteArray &c) {
        m_latestCookie = c;
        saveStateIfQuiet();
    });
    connect(m_processSync, &Core::LdapSyncConsumer::refreshDone, this, [this] {
        m_metrics.setRefreshed(true);
        scanUnfinished();
        if (!m_ready) {
            m_ready = true;
            writeStatus(QStringLiteral("running"));
            Q_EMIT ready();
            reconcileNow();
        }
        dispatch();
    });
    connect(m_processSync, &Core::LdapSyncConsumer::errorOccurred, this,
            [](const Core::LdapError &e) { qCWarning(lcAgent).noquote() << "process subscription:" << e.toString(); });
    m_processSync->start();
}

void Agent::onProcessEvent(const Core::LdapSyncEvent &event)
{
    if (event.type == Core::LdapSyncEvent::Type::Deleted) {
        bool ok = false;
        const qint64 pid = event.dn.rdnValue().toLongLong(&ok);
        if (ok)
            m_queue.remove(pid);
        updateQueueMetrics();
        return;
    }
    consider(event.entry);
    dispatch();
}

void Agent::consider(const Core::LdapEntry &entry)
{
    const Core::Process p = Core::Process::fromEntry(entry);
    if (p.pid <= 0)
        return;
    if (m_queue.isRunning(p.pid)) {
        m_seenWhileRunning.insert(p.pid, entry);
        return;
    }
    if (!m_hostNames.contains(p.host.toLower())) {
        m_queue.remove(p.pid);
        return;
    }
    QueuedProcess item;
    item.process = p;
    item.csn = entry.text(QStringLiteral("entryCSN"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (p.status == QLatin1String("new")) {
        item.claim = QueuedProcess::Claim::New;
    } else if (p.status == QLatin1String("error")) {
        item.claim = QueuedProcess::Claim::Retry;
        item.notBefore = p.nextRetry.isValid() ? p.nextRetry : now;
    } else if (p.status == QLatin1String("running")) {
        item.claim = QueuedProcess::Claim::Stale;
        // Claimed by this host's agent, which is not running it now (this run's claim whose
        // result was lost, or an earlier run that died): take it over at once. Another agent's
        // claim stands until its lease ends.
        if (!p.owner.startsWith(m_config.hostName + QLatin1Char('/')))
            item.notBefore = p.leaseUntil.isValid() ? p.leaseUntil : now.addSecs(m_config.lease.count());
    } else {
        qCWarning(lcAgent).noquote() << "process" << p.pid << "has an unknown status" << p.status.left(40);
        return;
    }
    m_queue.upsert(item);
    updateQueueMetrics();
}

void Agent::scanUnfinished()
{
    QList<Core::LdapFilter> hosts;
    for (const QString &n : std::as_const(m_hostNames))
        hosts << Core::LdapFilter::equals(QStringLiteral("ispmanHostName"), n);
    Core::LdapSearchRequest r;
    r.base = m_dit.processes();
    r.scope = Core::LdapScope::OneLevel;
    r.filter = Core::LdapFilter::allOf({Core::LdapFilter::objectClass(QStringLiteral("ispmanProcesses")), Core::LdapFilter::anyOf(hosts),
                                        Core::LdapFilter::negate(Core::LdapFilter::equals(kStatus, QStringLiteral("new")))});
    r.attributes = {QStringLiteral("*"), QStringLiteral("entryCSN")};
    r.pageSize = 1000;
    m_connection->search(r, this, [this](Core::Result<Core::LdapSearchResult> res) {
        if (!res.ok()) {
            qCWarning(lcAgent).noquote() << "looking up unfinished processes:" << res.error().toString();
            return;
        }
        for (const Core::LdapEntry &e : std::as_const(res->entries))
            consider(e);
        dispatch();
    });
}

void Agent::dispatch()
{
    if (m_stopping)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < m_slots.size(); ++i) {
        if (m_slots.at(i).busy)
            continue;
        std::optional<QueuedProcess> item = m_queue.takeNext(now);
        if (!item)
            break;
        m_slots[i].busy = true;
        Worker *worker = m_slots.at(i).worker;
        const QStringList names = m_hostNames;
        QPointer<Agent> self(this);
        QMetaObject::invokeMethod(worker, [worker, item = *item, names, self, i] {
            const RunResult result = worker->execute(item, names);
            QMetaObject::invokeMethod(self.data(), [self, i, item, result] {
                if (self)
                    self->onExecuted(i, item.process.pid, item, result);
            }, Qt::QueuedConnection);
        }, Qt::QueuedConnection);
    }
    if (auto due = m_queue.nextDue(now)) {
        const qint64 ms = std::clamp<qint64>(now.msecsTo(*due), 0, 24LL * 3600 * 1000);
        m_dueTimer->start(std::chrono::milliseconds(ms + 5));
    }
    updateQueueMetrics();
}

void Agent::onExecuted(int slot, qint64 pid, const QueuedProcess &item, const RunResult &result)
{
    m_slots[slot].busy = false;
    m_queue.finished(pid);
    const std::optional<Core::LdapEntry> seen = m_seenWhileRunning.contains(pid) ? std::optional(m_seenWhileRunning.take(pid)) : std::nullopt;
    switch (result.kind) {
    case RunResult::Kind::Done:
        break;
    case RunResult::Kind::Failed: {
        m_lastError = QStringLiteral("%1 %2: %3").arg(item.process.name).arg(pid).arg(result.message);
        QueuedProcess retry = item;
        retry.process.status = QStringLiteral("error");
        retry.process.attempts = result.attempts;
        retry.process.nextRetry = result.nextRetry;
        retry.claim = QueuedProcess::Claim::Retry;
        retry.notBefore = result.nextRetry;
        retry.csn = result.csn;
        if (!retry.csn.isEmpty() && !m_stopping)
            m_queue.upsert(retry);
        else
            scanUnfinished(); // its state is unknown: look it up
        break;
    }
    case RunResult::Kind::Lost:
        // Not ours (another claim won, or it changed or went): its newest state decides.
        if (seen && !(seen->text(kStatus) == QLatin1String("running") && seen->text(QStringLiteral("ispmanProcessOwner")) == m_owner))
            consider(*seen);
        break;
    }
    Q_EMIT processFinished(pid, item.process.name, int(result.kind), result.message);
    dispatch();
    saveStateIfQuiet();
    checkStopped();
}

void Agent::updateQueueMetrics()
{
    m_metrics.setQueue(m_queue.queued(), m_queue.running(), m_queue.waiting(QDateTime::currentDateTimeUtc()));
}

void Agent::saveStateIfQuiet()
{
    if (!m_processSync || m_latestCookie.isEmpty() || m_latestCookie == m_savedCookie)
        return;
    if (!m_queue.isIdle() && !m_queue.onlyWaiting(QDateTime::currentDateTimeUtc()))
        return;
    SyncState s{subscription(), m_latestCookie, m_processSync->knownEntries()};
    QString error;
    if (!m_state.save(s, &error)) {
        qCWarning(lcAgent).noquote() << "cannot save the sync state:" << error;
        return;
    }
    m_savedCookie = m_latestCookie;
}

void Agent::reconcileNow()
{
    if (m_reconciling || m_stopping || !m_reconcileSlot.worker)
        return;
    m_reconciling = true;
    Worker *worker = m_reconcileSlot.worker;
    const QStringList names = m_hostNames;
    QPointer<Agent> self(this);
    QMetaObject::invokeMethod(worker, [worker, names, self] {
        const auto reports = worker->reconcile(names);
        QMetaObject::invokeMethod(self.data(), [self, reports] {
            if (!self)
                return;
            self->m_reconciling = false;
            int checked = 0, repaired = 0, problems = 0;
            for (const auto &[service, r] : reports) {
                checked += r.checked;
                repaired += r.repaired;
                problems += int(r.problems.size());
                if (r.repaired > 0)
                    qCWarning(lcAgent).noquote() << service << "reconcile: repaired" << r.repaired << "of" << r.checked;
                for (const QString &p : r.problems)
                    qCWarning(lcAgent).noquote() << service << "reconcile:" << p;
                if (!r.problems.isEmpty())
                    self->m_lastError = service + QStringLiteral(" reconcile: ") + r.problems.first();
            }
            qCInfo(lcAgent).noquote() << "reconciled" << checked << "objects," << repaired << "repaired," << problems << "problems";
            Q_EMIT self->reconciled(checked, repaired, problems);
            self->checkStopped();
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void Agent::writeStatus(const QString &state)
{
    if (!m_connection)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Core::LdapModification> mods{
        Core::LdapModification::replace(QStringLiteral("ispmanAgentHeartbeat"), Core::toGeneralizedTime(now)),
        Core::LdapModification::replace(QStringLiteral("ispmanAgentVersion"), QStringLiteral(ISPMAN_VERSION)),
        Core::LdapModification::replace(QStringLiteral("ispmanAgentStarted"), Core::toGeneralizedTime(m_started)),
        Core::LdapModification::replace(QStringLiteral("ispmanAgentQueueDepth"), QString::number(m_queue.queued() + m_queue.running())),
        Core::LdapModification::replace(QStringLiteral("ispmanAgentFailures"), QString::number(m_metrics.failedTotal())),
        Core::LdapModification::replace(QStringLiteral("ispmanAgentState"), state),
        m_lastError.isEmpty() ? Core::LdapModification{Core::LdapModification::Op::Replace, QStringLiteral("ispmanAgentLastError"), {}}
                              : Core::LdapModification::replace(QStringLiteral("ispmanAgentLastError"), m_lastError.left(1000)),
    };
    QPointer<Agent> self(this);
    m_connection->modify(hostDn(), mods, this, [self, state, now](Core::Result<Core::LdapWriteResult> r) {
        if (!self)
            return;
        if (!r.ok()) {
            static bool warned = false;
            if (!warned)
                qCWarning(lcAgent).noquote() << "cannot write the host's status:" << r.error().toString();
            warned = true;
        } else {
            self->m_metrics.heartbeatWritten(now.toSecsSinceEpoch());
        }
        if (state == QLatin1String("stopped") && !self->m_stopped) {
            self->m_stopped = true;
            Q_EMIT self->stopped();
        }
    });
}

void Agent::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcAgent) << "stopping: finishing" << m_queue.running() << "running process(es)";
    if (m_heartbeatTimer)
        m_heartbeatTimer->stop();
    if (m_reconcileTimer)
        m_reconcileTimer->stop();
    if (m_dueTimer)
        m_dueTimer->stop();
    if (m_processSync)
        m_processSync->stop();
    if (m_hostSync)
        m_hostSync->stop();
    checkStopped();
}

void Agent::checkStopped()
{
    if (!m_stopping || m_stopped || m_queue.running() > 0 || m_reconciling)
        return;
    saveStateIfQuiet();
    writeStatus(QStringLiteral("stopped"));
    // If the directory does not answer, stop anyway.
    QTimer::singleShot(3000, this, [this] {
        if (!m_stopped) {
            m_stopped = true;
            Q_EMIT stopped();
        }
    });
}

} // namespace Isp::Agent
