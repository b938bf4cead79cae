"""The IP market: the directory of IP service agencies with their credit status, and patent transfer
and licensing between universities, research institutes and firms (专利转移转化对接)."""
