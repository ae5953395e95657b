Conflict = Conflit sur la commande { $id }
TooMany = { $count } articles de trop
