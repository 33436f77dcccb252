"""What the public pages list, one query path per list: a hub's commitments, its
adopted individuals, its agenda of writing sessions. Views, feeds and exports
read these lists; templates never query.
"""
