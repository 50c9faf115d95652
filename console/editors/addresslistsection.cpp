#include "console/editors/addresslistsection.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Isp::Console {

AddressListSection::AddressListSection(const QString &name, const QString &placeholder, QWidget *parent) : QWidget(parent)
{
    setObjectName(name + QStringLiteral("-section"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget(this);
    m_list->setObjectName(name + QStringLiteral("-list"));
    m_list->setMaximumHeight(110);
    layout->addWidget(m_list);
    auto *row = new QHBoxLayout;
    m_input = new QLineEdit(this);
    m_input->setObjectName(name + QStringLiteral("-input"));
    m_input->setPlaceholderText(placeholder);
    m_add = new QPushButton(tr("Add"), this);
    m_add->setObjectName(name + QStringLiteral("-add"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(name + QStringLiteral("-remove"));
    row->addWidget(m_input, 1);
    row->addWidget(m_add);
    row->addWidget(m_remove);
    layout->addLayout(row);

    connect(m_add, &QPushButton::clicked, this, &AddressListSection::requestAdd);
    connect(m_input, &QLineEdit::returnPressed, this, &AddressListSection::requestAdd);
    connect(m_input, &QLineEdit::textChanged, this, &AddressListSection::updateButtons);
    connect(m_list, &QListWidget::currentItemChanged, this, &AddressListSection::updateButtons);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem())
            Q_EMIT removeRequested(item->text());
    });
    updateButtons();
}

void AddressListSection::setAddresses(const QStringList &addresses)
{
    const QString current = m_list->currentItem() ? m_list->currentItem()->text() : QString();
    m_list->clear();
    m_list->addItems(addresses);
    const auto same = m_list->findItems(current, Qt::MatchFixedString);
    if (!same.isEmpty())
        m_list->setCurrentItem(same.first());
    updateButtons();
}

QStringList AddressListSection::addresses() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->text();
    return out;
}

void AddressListSection::clearInput()
{
    m_input->clear();
}

void AddressListSection::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void AddressListSection::requestAdd()
{
    const QString typed = m_input->text().trimmed();
    if (!typed.isEmpty() && !m_busy)
        Q_EMIT addRequested(typed);
}

void AddressListSection::updateButtons()
{
    m_add->setEnabled(!m_busy && !m_input->text().trimmed().isEmpty());
    m_remove->setEnabled(!m_busy && m_list->currentItem() != nullptr);
}

} // namespace Isp::Console
