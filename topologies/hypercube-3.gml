graph [
  label "hypercube-3"
  node [
    id 0
    label "000"
  ]
  node [
    id 1
    label "001"
  ]
  node [
    id 2
    label "010"
  ]
  node [
    id 3
    label "011"
  ]
  node [
    id 4
    label "100"
  ]
  node [
    id 5
    label "101"
  ]
  node [
    id 6
    label "110"
  ]
  node [
    id 7
    label "111"
  ]
  edge [
    source 0
    target 4
  ]
  edge [
    source 0
    target 2
  ]
  edge [
    source 0
    target 1
  ]
  edge [
    source 1
    target 5
  ]
  edge [
    source 1
    target 3
  ]
  edge [
    source 2
    target 6
  ]
  edge [
    source 2
    target 3
  ]
  edge [
    source 3
    target 7
  ]
  edge [
    source 4
    target 6
  ]
  edge [
    source 4
    target 5
  ]
  edge [
    source 5
    target 7
  ]
  edge [
    source 6
    target 7
  ]
]
