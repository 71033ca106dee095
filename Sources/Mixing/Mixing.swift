import LinearAlgebra
import Topology
