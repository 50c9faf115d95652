#include "console/entityeditor.h"

#include "core/model/process.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace Isp::Console {

using namespace Isp::Core;

QStringList splitWords(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

QLineEdit *lineEdit(QWidget *parent, const QString &objectName, const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    return edit;
}

EntityEditor::EntityEditor(const ConsoleContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    auto *layout = new QVBoxLayout(this);
    m_banner = new QLabel(this);
    m_banner->setWordWrap(true);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->hide();
    layout->addWidget(m_banner);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(m_form);
    m_sections = new QVBoxLayout;
    layout->addLayout(m_sections);
    m_applyState = new QLabel(this);
    m_applyState->setObjectName(QStringLiteral("applyState"));
    m_applyState->setWordWrap(true);
    layout->addWidget(m_applyState);
    m_buttons = new QWidget(this);
    auto *row = new QHBoxLayout(m_buttons);
    row->setContentsMargins(0, 0, 0, 0);
    m_save = new QPushButton(tr("Save"), m_buttons);
    m_save->setObjectName(QStringLiteral("save"));
    m_save->setDefault(true);
    m_save->setShortcut(QKeySequence::Save);
    row->addWidget(m_save);
    row->addStretch();
    layout->addWidget(m_buttons);
    layout->addStretch();

    if (LiveDirectory *live = m_context.live) {
        // Processes for this entry come and go: keep the apply-state line current.
        auto onProcess = [this](const QByteArray &) { refreshApplyState(); };
        connect(live, &LiveDirectory::entriesAdded, this, [this](const LdapDn &parent, const QList<QByteArray> &) {
            if (parent == m_context.dit.processes())
                refreshApplyState();
        });
        connect(live, &LiveDirectory::entryChanged, this, onProcess);
        connect(live, &LiveDirectory::entryRemoved, this, [this](const QByteArray &, const LdapEntry &e) {
            if (e.dn().parent() == m_context.dit.processes())
                refreshApplyState();
        });
    }
}

void EntityEditor::reloadOnLiveChanges()
{
    LiveDirectory *live = m_context.live;
    if (!live)
        return;
    connect(live, &LiveDirectory::entryChanged, this, [this, live](const QByteArray &uuid) {
        if (!m_dn.isEmpty() && uuid == live->uuidOf(m_dn) && !keepsForm())
            load(m_dn);
    });
    connect(live, &LiveDirectory::entryRemoved, this, [this](const QByteArray &, const LdapEntry &entry) {
        if (!m_dn.isEmpty() && entry.dn() == m_dn)
            Q_EMIT finished();
    });
}

void EntityEditor::setDn(const LdapDn &dn)
{
    m_dn = dn;
    m_sawWork = false;
    refreshApplyState();
}

void EntityEditor::setTitle(const QString &title)
{
    m_title = title;
    Q_EMIT titleChanged(title);
}

void EntityEditor::addField(const QString &key, const QString &label, QWidget *field, const QStringList &alsoKeys)
{
    auto *box = new QWidget(this);
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(field);
    auto *error = new QLabel(box);
    error->setObjectName(QStringLiteral("error-") + key);
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #b00020;"));
    error->hide();
    v->addWidget(error);
    m_form->addRow(label, box);
    m_fieldErrors.insert(key, error);
    for (const QString &k : alsoKeys)
        m_fieldErrors.insert(k, error);
}

void EntityEditor::addSection(QWidget *section)
{
    m_sections->addWidget(section);
}

QPushButton *EntityEditor::addButton(const QString &text, const QString &toolTip)
{
    auto *button = new QPushButton(text, m_buttons);
    button->setToolTip(toolTip);
    auto *row = static_cast<QHBoxLayout *>(m_buttons->layout());
    row->insertWidget(row->count() - 1, button);
    return button;
}

void EntityEditor::setQueuePreview(const QString &what, const QStringList &hosts)
{
    if (what.isEmpty() || hosts.isEmpty()) {
        m_save->setText(tr("Save"));
        m_save->setToolTip({});
        return;
    }
    m_save->setText(tr("Save — queues %1 on %2").arg(what, hosts.join(QStringLiteral(", "))));
    m_save->setToolTip(tr("The agents of these hosts carry out the change."));
}

void EntityEditor::clearErrors()
{
    m_banner->hide();
    for (QLabel *l : std::as_const(m_fieldErrors))
        l->hide();
}

void EntityEditor::showMessage(const QString &text)
{
    clearErrors();
    m_banner->setStyleSheet(QStringLiteral("background: #e8f0fe; padding: 6px;"));
    m_banner->setText(text);
    m_banner->show();
}

void EntityEditor::showError(const OpError &error)
{
    clearErrors();
    if (QLabel *l = m_fieldErrors.value(error.field)) {
        l->setText(error.message);
        l->show();
        return;
    }
    m_banner->setStyleSheet(QStringLiteral("background: #fdecea; color: #b00020; padding: 6px;"));
    m_banner->setText(error.toString());
    m_banner->show();
}

bool EntityEditor::confirm(const QString &question)
{
    if (!m_context.confirmDestructive)
        return true;
    return QMessageBox::question(this, tr("Please confirm"), question, QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel)
        == QMessageBox::Yes;
}

void EntityEditor::execute(std::shared_ptr<Command> command, std::function<void()> then)
{
    clearErrors();
    m_save->setEnabled(false);
    m_context.commands->execute(command, this, [this, then = std::move(then)](OpResult<Core::Done> r) {
        m_save->setEnabled(true);
        if (!r.ok()) {
            showError(r.error());
            return;
        }
        m_sawWork = false;
        refreshApplyState();
        if (then)
            then();
    });
}

void EntityEditor::refreshApplyState()
{
    LiveDirectory *live = m_context.live;
    if (!live || m_dn.isEmpty()) {
        m_applyState->clear();
        return;
    }
    QStringList pending, failed;
    const QString target = m_dn.normalized();
    for (const QByteArray &uuid : live->children(m_context.dit.processes())) {
        const LdapEntry *e = live->find(uuid);
        if (!e || LdapDn::parse(e->text(QStringLiteral("ispmanProcessTarget"))).value_or(LdapDn()).normalized() != target)
            continue;
        const Process p = Process::fromEntry(*e);
        if (p.status == QLatin1String("error"))
            failed << tr("%1 on %2 failed: %3").arg(p.name, p.host, p.message);
        else
            pending << tr("%1 on %2 (%3)").arg(p.name, p.host, p.status);
    }
    if (!failed.isEmpty()) {
        m_applyState->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_applyState->setText(tr("Failed: ") + failed.join(QStringLiteral("; ")));
    } else if (!pending.isEmpty()) {
        m_sawWork = true;
        m_applyState->setStyleSheet(QStringLiteral("color: #8a6d00;"));
        m_applyState->setText(tr("Pending: ") + pending.join(QStringLiteral("; ")));
    } else if (m_sawWork) {
        m_applyState->setStyleSheet(QStringLiteral("color: #1e7e34;"));
        m_applyState->setText(tr("Applied on every host."));
    } else {
        m_applyState->setStyleSheet({});
        m_applyState->setText(tr("Nothing queued for the hosts."));
    }
}

} // namespace Isp::Console
