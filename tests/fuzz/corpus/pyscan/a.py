import b
import shared
