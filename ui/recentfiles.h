#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace meshlens {

/// The "Open Recent" list, most recent first, kept in QSettings ("recentFiles").
class RecentFiles final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxFiles = 8;

    explicit RecentFiles(QObject *parent = nullptr);

    QStringList files() const;
    void add(const QString &path);
    void clear();
    /// Fills `menu` with the list ("&1 name") and a "Clear Menu" entry.
    void fillMenu(QMenu *menu);

Q_SIGNALS:
    void fileChosen(const QString &path);

private:
    void save(const QStringList &files);
};

}  // namespace meshlens
