// MainWindow: the console. Left, the live tree of the ISP with filter-as-you-type (and Enter
// to search the whole directory); right, the editor of what is selected, the ops view and the
// customer view; the command history in a dock. It owns no data: everything comes from the
// ConsoleContext it is given.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/consolecontext.h"
#include "console/entitykind.h"

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QLineEdit;
class QListWidget;
class QScrollArea;
class QTabWidget;
class QTreeView;

namespace Isp::Console {

class CustomerView;
class DirectoryTreeModel;
class EntityEditor;
class OpsView;
class TreeProxyModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `where` names the connection in the title ("admin@ldap://127.0.0.1:389").
    MainWindow(const ConsoleContext &context, const QString &where, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] DirectoryTreeModel *treeModel() const { return m_model; }
    [[nodiscard]] TreeProxyModel *treeProxy() const { return m_proxy; }
    [[nodiscard]] QTreeView *tree() const { return m_tree; }
    [[nodiscard]] OpsView *opsView() const { return m_ops; }
    [[nodiscard]] EntityEditor *editor() const { return m_editor; }
    [[nodiscard]] QTabWidget *tabs() const { return m_tabs; }

    // Opens the editor for the entry at `dn` (from search results, the ops view, tests).
    void openDn(const QString &dn);
    // Opens an empty editor for a new entry of `kind` below `container`.
    void startNew(EntityKind kind, const QString &container);
    // Runs a directory-wide search (names, addresses, hosts) into the results dock.
    void search(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void onCurrentChanged(const QModelIndex &current);
    void showEditor(EntityEditor *editor);
    void showFolder(const QModelIndex &sourceIndex);
    void newInSelection();
    void deleteSelection();
    void refreshSelection();
    void showCustomerView();
    CustomerView *customerView();
    void updateStatus();

    ConsoleContext m_context;
    DirectoryTreeModel *m_model;
    TreeProxyModel *m_proxy;
    QTreeView *m_tree;
    QLineEdit *m_filter;
    QTabWidget *m_tabs;
    QScrollArea *m_editorArea;
    QPointer<EntityEditor> m_editor;
    OpsView *m_ops;
    QWidget *m_customerTab;
    CustomerView *m_customer = nullptr;
    QListWidget *m_results;
    QLabel *m_liveLabel;
    QLabel *m_busyLabel;
};

} // namespace Isp::Console
