// AddressListSection: a list of addresses (a user's aliases or forwards, a group's members or
// aliases) with a line to type one and Add / Remove buttons. It changes nothing itself: it asks
// (addRequested / removeRequested) and the editor turns each request into a Command, so every
// single add or remove is one undoable step; in create mode the editor just collects the list.
//
// Child object names, for tests: "<name>-list", "<name>-input", "<name>-add", "<name>-remove".
//
// Thread affinity: GUI thread.
#pragma once

#include <QWidget>

class QLineEdit;
class QListWidget;
class QPushButton;

namespace Isp::Console {

class AddressListSection : public QWidget
{
    Q_OBJECT

public:
    AddressListSection(const QString &name, const QString &placeholder, QWidget *parent = nullptr);

    void setAddresses(const QStringList &addresses);
    [[nodiscard]] QStringList addresses() const;
    // The typed address is cleared once the editor says the add went through.
    void clearInput();
    void setBusy(bool busy);

Q_SIGNALS:
    void addRequested(const QString &address);
    void removeRequested(const QString &address);

private:
    void requestAdd();
    void updateButtons();

    QListWidget *m_list;
    QLineEdit *m_input;
    QPushButton *m_add;
    QPushButton *m_remove;
    bool m_busy = false;
};

} // namespace Isp::Console
