#include "recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {
const QString kKey = u"recentFiles"_s;
}

RecentFiles::RecentFiles(QObject *parent) : QObject(parent) {}

QStringList RecentFiles::files() const
{
    return QSettings().value(kKey).toStringList();
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxFiles)
        list.removeLast();
    save(list);
}

void RecentFiles::clear()
{
    save({});
}

void RecentFiles::save(const QStringList &files)
{
    QSettings().setValue(kKey, files);
}

void RecentFiles::fillMenu(QMenu *menu)
{
    menu->clear();
    const QStringList list = files();
    int n = 0;
    for (const QString &path : list) {
        const QString label = u"&"_s + QString::number(++n) + u"  "_s + QFileInfo(path).fileName()
            + u"   ("_s + QDir::toNativeSeparators(QFileInfo(path).absolutePath()) + u')';
        QAction *action = menu->addAction(label);
        action->setEnabled(QFileInfo::exists(path));
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT fileChosen(path); });
    }
    if (list.isEmpty())
        menu->addAction(u"No recent files"_s)->setEnabled(false);
    menu->addSeparator();
    QAction *clearAction = menu->addAction(u"Clear Menu"_s);
    clearAction->setEnabled(!list.isEmpty());
    connect(clearAction, &QAction::triggered, this, &RecentFiles::clear);
}

}  // namespace meshlens
