#include "console/dialogs/exportdialog.h"

#include "core/ops/dnsops.h"
#include "core/ops/ldifops.h"
#include "core/ops/userops.h"
#include "core/ops/zonefile.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

// RFC 4180: quoted when it holds a separator, a quote or a line break; quotes doubled.
QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n'))
        && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

QByteArray ExportDialog::usersCsv(const QList<MailUser> &users)
{
    QString out = QStringLiteral("address,given-name,surname,mailbox,mail-host,mail-quota,ftp-quota,ftp,forwards\r\n");
    for (const MailUser &u : users) {
        const QStringList fields{u.address,
                                 u.givenName,
                                 u.surname,
                                 u.hasMailbox() ? QStringLiteral("yes") : QStringLiteral("no"),
                                 u.mailHost,
                                 u.hasMailbox() ? QString::number(u.mailQuotaKiB / 1024) : QString(),
                                 QString::number(u.ftpQuotaMBytes),
                                 u.ftpEnabled ? QStringLiteral("enabled") : QStringLiteral("disabled"),
                                 u.forwards.join(QLatin1Char(' '))};
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csvField(f);
        out += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

ExportDialog::ExportDialog(const ConsoleContext &context, QWidget *parent) : QDialog(parent), m_context(context)
{
    setWindowTitle(tr("Export"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kind"));
    m_kind->addItem(tr("The domain's DNS zone (zone file)"), int(Kind::ZoneFile));
    m_kind->addItem(tr("The domain's users (CSV)"), int(Kind::UserCsv));
    m_kind->addItem(tr("The domain's subtree (LDIF)"), int(Kind::DomainLdif));
    m_domain = new QLineEdit(this);
    m_domain->setObjectName(QStringLiteral("domain"));
    m_domain->setPlaceholderText(tr("example.com"));
    m_file = new QLineEdit(this);
    m_file->setObjectName(QStringLiteral("file"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    form->addRow(tr("Export:"), m_kind);
    form->addRow(tr("Domain:"), m_domain);
    form->addRow(tr("To file:"), fileRow);
    layout->addLayout(form);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_export = buttons->addButton(tr("Export"), QDialogButtonBox::ActionRole);
    m_export->setObjectName(QStringLiteral("exportButton"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::exportNow);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString suffix = kind() == Kind::ZoneFile ? QStringLiteral(".zone")
            : kind() == Kind::UserCsv                   ? QStringLiteral(".csv")
                                                        : QStringLiteral(".ldif");
        const QString file = QFileDialog::getSaveFileName(this, tr("Export to"), m_domain->text().trimmed() + suffix);
        if (!file.isEmpty())
            m_file->setText(file);
    });
}

ExportDialog::Kind ExportDialog::kind() const
{
    return Kind(m_kind->currentData().toInt());
}

void ExportDialog::setKind(Kind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

void ExportDialog::setDomain(const QString &domain)
{
    m_domain->setText(domain);
}

void ExportDialog::setFile(const QString &path)
{
    m_file->setText(path);
}

QString ExportDialog::message() const
{
    return m_message->text();
}

void ExportDialog::failed(const QString &message)
{
    m_message->setText(message);
    m_export->setEnabled(true);
    Q_EMIT exportFinished(false, message);
}

void ExportDialog::write(const QByteArray &data, const QString &what)
{
    // Written whole or not at all: a cancelled or failed write leaves no half file.
    QSaveFile f(m_file->text().trimmed());
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        failed(tr("Cannot write %1: %2").arg(f.fileName(), f.errorString()));
        return;
    }
    const QString message = tr("Exported %1 to %2.").arg(what, f.fileName());
    m_message->setText(message);
    m_export->setEnabled(true);
    Q_EMIT exportFinished(true, message);
}

void ExportDialog::exportNow()
{
    const QString domain = m_domain->text().trimmed();
    if (domain.isEmpty()) {
        failed(tr("Name the domain to export."));
        return;
    }
    if (m_file->text().trimmed().isEmpty()) {
        failed(tr("Choose the file to write."));
        return;
    }
    m_export->setEnabled(false);
    m_message->setText(tr("Reading %1…").arg(domain));
    switch (kind()) {
    case Kind::ZoneFile:
        m_context.backend->run<DnsZone>(
            this, [domain](DirectorySession &s) { return DnsOps::showZone(s, domain); },
            [this, domain](OpResult<DnsZone> r) {
                if (!r.ok())
                    return failed(r.error().message);
                write(exportZone(*r).toUtf8(), tr("the zone %1 (%n record(s))", nullptr, int(r->records.size())).arg(domain));
            },
            Backend::Wait::No);
        break;
    case Kind::UserCsv:
        m_context.backend->run<QList<MailUser>>(
            this, [domain](DirectorySession &s) { return UserOps::list(s, domain); },
            [this, domain](OpResult<QList<MailUser>> r) {
                if (!r.ok())
                    return failed(r.error().message);
                write(usersCsv(*r), tr("%n user(s) of %1", nullptr, int(r->size())).arg(domain));
            },
            Backend::Wait::No);
        break;
    case Kind::DomainLdif:
        m_context.backend->run<QByteArray>(
            this,
            [domain](DirectorySession &s) {
                LdifOps::ExportOptions o;
                o.domain = domain;
                return LdifOps::exportLdif(s, o);
            },
            [this, domain](OpResult<QByteArray> r) {
                if (!r.ok())
                    return failed(r.error().message);
                write(*r, tr("the subtree of %1").arg(domain));
            },
            Backend::Wait::No);
        break;
    }
}

} // namespace Isp::Console
