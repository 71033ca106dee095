graph [
  node [
    id 0
    label "a b"
  ]
  node [
    id 1
    label "c"
  ]
  node [
    id 2
    label "d&#34;e"
  ]
  node [
    id 3
    label "f"
  ]
  edge [
    source 0
    target 1
    weight 0.25
  ]
  edge [
    source 0
    target 3
    weight 0.5
  ]
  edge [
    source 1
    target 2
    weight 0.75
  ]
  edge [
    source 2
    target 3
    weight 1.0
  ]
]
