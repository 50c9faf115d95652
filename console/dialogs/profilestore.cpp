#include "console/dialogs/profilestore.h"

#include <QSettings>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>
#include <utility>

namespace Isp::Console {

namespace {

const QString Group = QStringLiteral("profiles");

// One answer per keyring call: from the job or from the timeout, whichever comes first.
struct Once
{
    bool answered = false;
};

} // namespace

ProfileStore::ProfileStore(QSettings *settings, QObject *parent) : QObject(parent), m_settings(settings) {}

QString ProfileStore::serviceName()
{
    return QStringLiteral("ispman-console");
}

QStringList ProfileStore::names() const
{
    m_settings->beginGroup(Group);
    QStringList names = m_settings->childGroups();
    m_settings->endGroup();
    names.sort(Qt::CaseInsensitive);
    return names;
}

std::optional<ConnectionProfile> ProfileStore::profile(const QString &name) const
{
    if (!names().contains(name))
        return std::nullopt;
    ConnectionProfile p;
    p.name = name;
    m_settings->beginGroup(Group + QLatin1Char('/') + name);
    p.uris = m_settings->value(QStringLiteral("uris")).toStringList();
    p.baseDn = m_settings->value(QStringLiteral("base")).toString();
    p.bindDn = m_settings->value(QStringLiteral("bindDn")).toString();
    p.startTls = m_settings->value(QStringLiteral("startTls"), false).toBool();
    p.caFile = m_settings->value(QStringLiteral("caFile")).toString();
    p.rememberPassword = m_settings->value(QStringLiteral("rememberPassword"), false).toBool();
    m_settings->endGroup();
    return p;
}

QString ProfileStore::save(const ConnectionProfile &p)
{
    const QString name = p.name.trimmed();
    if (name.isEmpty())
        return tr("Give the profile a name.");
    // The name is a settings group and the keyring key: a slash would nest groups.
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')))
        return tr("A profile name cannot contain \"/\" or \"\\\".");
    if (p.uris.isEmpty())
        return tr("Give at least one server URI (ldap://host:389).");
    m_settings->beginGroup(Group + QLatin1Char('/') + name);
    m_settings->remove(QString()); // drop keys of an older version of the profile
    m_settings->setValue(QStringLiteral("uris"), p.uris);
    m_settings->setValue(QStringLiteral("base"), p.baseDn);
    m_settings->setValue(QStringLiteral("bindDn"), p.bindDn);
    m_settings->setValue(QStringLiteral("startTls"), p.startTls);
    m_settings->setValue(QStringLiteral("caFile"), p.caFile);
    m_settings->setValue(QStringLiteral("rememberPassword"), p.rememberPassword);
    m_settings->endGroup();
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError)
        return tr("The profile could not be written to %1.").arg(m_settings->fileName());
    Q_EMIT profilesChanged();
    return {};
}

void ProfileStore::remove(const QString &name)
{
    if (name.isEmpty())
        return;
    m_settings->remove(Group + QLatin1Char('/') + name);
    m_settings->sync();
    forgetPassword(name);
    Q_EMIT profilesChanged();
}

void ProfileStore::setKeyringEnabled(bool enabled)
{
    m_keyringEnabled = enabled;
    if (!enabled) {
        m_keyringWorks = false;
        m_keyringError = tr("the keyring is turned off");
    }
}

void ProfileStore::keyringFailed(const QString &why)
{
    const bool first = m_keyringWorks;
    m_keyringWorks = false;
    m_keyringError = why;
    if (first)
        Q_EMIT keyringUnavailable(why);
}

void ProfileStore::readPassword(const QString &name, QObject *context, std::function<void(PasswordResult)> done)
{
    QPointer<QObject> ctx(context);
    if (!m_keyringEnabled || name.isEmpty()) {
        const QString why = m_keyringError.isEmpty() ? tr("no profile name") : m_keyringError;
        QTimer::singleShot(0, this, [ctx, done, why] {
            if (ctx)
                done(PasswordResult{std::nullopt, why});
        });
        return;
    }
    auto once = std::make_shared<Once>();
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setKey(name);
    job->setInsecureFallback(false); // never a plain-text copy
    connect(job, &QKeychain::Job::finished, this, [this, once, ctx, done](QKeychain::Job *j) {
        if (std::exchange(once->answered, true))
            return;
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        PasswordResult r;
        if (read->error() == QKeychain::NoError) {
            r.password = read->textData();
            m_keyringWorks = true;
        } else if (read->error() != QKeychain::EntryNotFound) {
            r.error = read->errorString();
            keyringFailed(r.error);
        }
        if (ctx)
            done(r);
    });
    QTimer::singleShot(m_timeoutMs, this, [this, once, ctx, done] {
        if (std::exchange(once->answered, true))
            return;
        const QString why = tr("the keyring did not answer");
        keyringFailed(why);
        if (ctx)
            done(PasswordResult{std::nullopt, why});
    });
    job->start();
}

void ProfileStore::writePassword(const QString &name, const QString &password, QObject *context,
                                 std::function<void(QString)> done)
{
    QPointer<QObject> ctx(context);
    if (!m_keyringEnabled || name.isEmpty()) {
        const QString why = m_keyringError.isEmpty() ? tr("no profile name") : m_keyringError;
        QTimer::singleShot(0, this, [ctx, done, why] {
            if (ctx)
                done(why);
        });
        return;
    }
    auto once = std::make_shared<Once>();
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setKey(name);
    job->setInsecureFallback(false);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, once, ctx, done](QKeychain::Job *j) {
        if (std::exchange(once->answered, true))
            return;
        QString error;
        if (j->error() != QKeychain::NoError) {
            error = j->errorString();
            keyringFailed(error);
        } else {
            m_keyringWorks = true;
        }
        if (ctx)
            done(error);
    });
    QTimer::singleShot(m_timeoutMs, this, [this, once, ctx, done] {
        if (std::exchange(once->answered, true))
            return;
        const QString why = tr("the keyring did not answer");
        keyringFailed(why);
        if (ctx)
            done(why);
    });
    job->start();
}

void ProfileStore::forgetPassword(const QString &name)
{
    if (!m_keyringEnabled || !m_keyringWorks || name.isEmpty())
        return;
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setKey(name);
    job->setInsecureFallback(false);
    job->start();
}

} // namespace Isp::Console
