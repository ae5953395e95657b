ConcurrentModification = La commande { $id } est en version { $current }, pas { $expected }
    .title = Conflit
TooManyItems = { $count ->
        [one] Au plus { $limit } articles, mais un seul donné
       *[other] Au plus { $limit } articles, mais { $count } donnés
    }
user-not_found = Aucun utilisateur « { $name } »
Closed = Le magasin est fermé aujourd’hui
